package dev.shipshape.flags.internal.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A source that can refuse an oversized document before holding it in memory: it reads at most
 * {@code maxBytes + 1} bytes and throws {@link TooLargeException} beyond the limit.
 */
public interface BoundedSource {

  /**
   * Reads the current document, refusing one larger than {@code maxBytes} UTF-8 bytes.
   *
   * @param maxBytes the largest document accepted
   * @return the document text, or null for "unchanged since your last read"
   * @throws TooLargeException when the document is larger than {@code maxBytes}
   * @throws IOException when the source cannot be read
   */
  @Nullable String read(long maxBytes) throws IOException;

  /** The document is larger than the limit; nothing beyond the limit was read. */
  final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param what names the document and its size as far as known
     */
    public TooLargeException(String what) {
      super(what);
    }
  }

  /**
   * The document is not UTF-8 text; says where the first byte that is not was found, as the JSON
   * parser names a place (line and column of the text decoded before it).
   */
  final class NotUtf8Exception extends IOException {
    private static final long serialVersionUID = 1L;

    /** Where the document stops being UTF-8, as {@code line L, column C}. */
    private final String at;

    /** The first byte that is not UTF-8, as {@code byte 0xE9}. */
    private final String value;

    NotUtf8Exception(String at, String value) {
      super(at + " was '" + value + "' but must be UTF-8 text");
      this.at = at;
      this.value = value;
    }

    /**
     * Where the document stops being UTF-8.
     *
     * @return {@code line L, column C}, counted in the text before it
     */
    public String at() {
      return at;
    }

    /**
     * The first byte that is not UTF-8.
     *
     * @return {@code byte 0xE9} (or {@code end of document} for a sequence cut short)
     */
    public String value() {
      return value;
    }
  }

  /**
   * Reads at most {@code maxBytes + 1} bytes of {@code in} and decodes them as strict UTF-8.
   *
   * @param in the stream, not closed here
   * @param maxBytes the limit
   * @param name names the document in the exception
   * @return the text
   * @throws TooLargeException when the stream holds more than {@code maxBytes}
   * @throws IOException when reading or decoding fails
   */
  static String readBounded(InputStream in, long maxBytes, String name) throws IOException {
    // readNBytes grows its buffer as data arrives, so a lying or huge source costs at most the cap
    byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 16L));
    if (bytes.length > maxBytes) {
      throw new TooLargeException(name + " is larger than " + maxBytes + " bytes");
    }
    return decode(bytes);
  }

  /**
   * Decodes bytes as strict UTF-8.
   *
   * @param bytes the bytes
   * @return the text
   * @throws NotUtf8Exception when the bytes are not UTF-8, naming the first place they are not
   */
  static String decode(byte[] bytes) throws NotUtf8Exception {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    out.flip();
    if (!result.isError()) {
      return out.toString();
    }
    // out holds the text before the first bad byte: name the place as the JSON parser would
    int line = 1;
    int column = 1;
    for (int i = 0; i < out.length(); i++) {
      if (out.charAt(i) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    int bad = in.position();
    String value =
        bad < bytes.length
            ? String.format("byte 0x%02X", bytes[bad] & 0xff)
            : "end of document";
    throw new NotUtf8Exception("line " + line + ", column " + column, value);
  }
}
