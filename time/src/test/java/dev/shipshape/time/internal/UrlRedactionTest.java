package dev.shipshape.time.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** A URL named without its secrets, and a text cleaned of them. */
class UrlRedactionTest {

  private static final URI SECRET =
      URI.create("https://user:pa55@config.example.com:8443/flags.json?token=abc&env=prod#top");

  @Test
  void masksUserInfoAndQueryValuesAndDropsTheFragment() {
    assertThat(UrlRedaction.uri(SECRET))
        .isEqualTo("https://***@config.example.com:8443/flags.json?token=***&env=***");
  }

  @Test
  void masksAQueryParameterWithoutAValueWholeAndKeepsEmptyOnesEmpty() {
    assertThat(UrlRedaction.uri(URI.create("http://h/p?secret&a=1&")))
        .isEqualTo("http://h/p?***&a=***&");
  }

  @Test
  void keepsAUrlWithoutSecretsAsItIs() {
    assertThat(UrlRedaction.uri(URI.create("http://prometheus:9090/api/prom")))
        .isEqualTo("http://prometheus:9090/api/prom");
    assertThat(UrlRedaction.uri(URI.create("http://[::1]:9090"))).isEqualTo("http://[::1]:9090");
  }

  @Test
  void masksAPasswordThatEndsTheAuthorityEarlyWhole() {
    // a '/' in the password ends the authority, so the URI has no host and a path of "/pa55@..."
    assertThat(UrlRedaction.uri(URI.create("https://user:a/pa55@config.example.com/f.json?t=abc")))
        .isEqualTo("https://***@config.example.com/f.json?t=***");
  }

  @Test
  void masksTheSecretsOfAUrlGivenAsTextThatIsNoValidUri() {
    assertThat(UrlRedaction.location("https://user:p 55/x@config.example.com/f.json?t=a b#top"))
        .isEqualTo("https://***@config.example.com/f.json?t=***");
    assertThat(UrlRedaction.location("ftp://example.com/f.json?token"))
        .isEqualTo("ftp://example.com/f.json?***");
    assertThat(UrlRedaction.location("HTTPS://")).isEqualTo("HTTPS://");
    assertThat(UrlRedaction.location("/etc/flags.json")).isEqualTo("/etc/flags.json");
  }

  @Test
  void masksAnOpaqueUrlWhole() {
    assertThat(UrlRedaction.uri(URI.create("mailto:someone@example.com"))).isEqualTo("mailto:***");
  }

  @Test
  void removesTheUrlItsUserInfoAndItsQueryFromAText() {
    String text = "connect to " + SECRET + " failed; refused for user:pa55 with token=abc&env=prod";

    String clean = UrlRedaction.text(text, SECRET);

    assertThat(clean)
        .contains("connect to https://***@config.example.com:8443/flags.json?token=***&env=***")
        .contains("for ***")
        .contains("with token=***&env=***")
        .doesNotContain("user:pa55")
        .doesNotContain("abc");
    assertThat(UrlRedaction.leaks(text, SECRET)).isTrue();
    assertThat(UrlRedaction.leaks(clean, SECRET)).isFalse();
  }

  @Test
  void aTextWithoutSecretsDoesNotLeak() {
    assertThat(UrlRedaction.leaks("connection refused", SECRET)).isFalse();
    assertThat(UrlRedaction.text("connection refused", URI.create("http://h/p")))
        .isEqualTo("connection refused");
  }
}
