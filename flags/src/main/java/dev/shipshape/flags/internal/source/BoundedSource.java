package dev.shipshape.flags.internal.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
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
   * @throws CharacterCodingException when the bytes are not UTF-8
   */
  static String decode(byte[] bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
  }
}
