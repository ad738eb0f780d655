package io.containernetstat.sink.prometheus.internal.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.containernetstat.sink.prometheus.WebConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an exporter-toolkit web-config file ({@code --web.config.file} of node_exporter and the other
 * exporters): strictly, as exporter-toolkit does (an unknown key, a duplicated key, a value of the wrong
 * kind is an error naming the file and the key), and loading every certificate, key and password hash
 * it names, so that a broken file stops the agent at start rather than at the first scrape. Relative
 * paths are taken from the file's own directory. Not API: {@code WebConfig.load} is.
 *
 * <pre>
 * tls_server_config:
 *   cert_file: tls.crt
 *   key_file: tls.key
 *   client_auth_type: RequireAndVerifyClientCert
 *   client_ca_file: ca.crt
 * basic_auth_users:
 *   prometheus: $2y$10$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG
 * </pre>
 */
public final class WebConfigParser {
  /** Web-config files are a few hundred bytes; a larger file is not one (and is not read into the heap). */
  static final int MAX_FILE_BYTES = 1 << 20;
  /** What a certificate or key file may hold: a long chain is a few tens of KB. */
  static final int MAX_PEM_BYTES = 1 << 20;

  private static final Set<String> ROOT = Set.of("tls_server_config", "http_server_config", "basic_auth_users",
      "rate_limit");
  private static final Set<String> TLS = Set.of("cert", "key", "client_ca", "cert_file", "key_file",
      "client_auth_type", "client_ca_file", "client_allowed_sans", "min_version", "max_version", "cipher_suites",
      "prefer_server_cipher_suites", "curve_preferences");
  private static final Set<String> HTTP = Set.of("http2", "headers");
  private static final Set<String> RATE = Set.of("interval", "burst");
  /** exporter-toolkit's headers, with the values it accepts (none listed: any value). */
  private static final Map<String, List<String>> HEADERS = Map.of(
      "Strict-Transport-Security", List.of(),
      "X-Content-Type-Options", List.of("nosniff"),
      "X-Frame-Options", List.of("deny", "sameorigin"),
      "X-XSS-Protection", List.of(),
      "Content-Security-Policy", List.of());
  private static final List<String> VERSIONS = List.of("TLS10", "TLS11", "TLS12", "TLS13");
  private static final List<String> PROTOCOLS = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
  private static final Pattern BCRYPT = Pattern.compile("\\$2[abxy]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");

  private final Path file;
  private final Path dir;

  private WebConfigParser(Path file) {
    this.file = file;
    Path parent = file.toAbsolutePath().getParent();
    this.dir = parent == null ? Path.of("/") : parent;
  }

  /**
   * Reads and checks a web-config file.
   *
   * @param file the file
   * @return what it asks for; {@link WebSettings#NONE} for an empty file, as in exporter-toolkit
   * @throws WebConfigException naming the file and the key, if it cannot be used
   */
  public static WebSettings parse(Path file) throws WebConfigException {
    WebConfigParser p = new WebConfigParser(file);
    ConfigNode root = new ConfigNode(file, "", p.yaml(p.read(file, "", MAX_FILE_BYTES)));
    if (root.absent()) {
      return WebSettings.NONE;
    }
    root.mapping(ROOT);
    TlsSettings tls = p.tls(root.get("tls_server_config").mapping(TLS));
    ConfigNode http = root.get("http_server_config").mapping(HTTP);
    http.get("http2").bool(true); // checked, and without effect: the endpoint speaks HTTP/1.1
    return new WebSettings(tls, users(root.get("basic_auth_users")), headers(http.get("headers")),
        rateLimit(root.get("rate_limit").mapping(RATE)));
  }

  private JsonNode yaml(String text) throws WebConfigException {
    ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    try {
      return mapper.readTree(text);
    } catch (JsonProcessingException e) {
      throw new WebConfigException(file, "", "not valid YAML: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
    }
  }

  /** Reads a whole small file, refusing one above {@code limit} bytes without reading it all. */
  private String read(Path path, String key, int limit) throws WebConfigException {
    if (!Files.isRegularFile(path)) {
      throw new WebConfigException(file, key, (key.isEmpty() ? "" : "cannot read " + path + ": ")
          + (Files.exists(path) ? "not a regular file" : "no such file"), null);
    }
    try (InputStream in = Files.newInputStream(path)) {
      byte[] bytes = in.readNBytes(limit + 1);
      if (bytes.length > limit) {
        throw new WebConfigException(file, key, (key.isEmpty() ? "" : path + ": ") + "larger than " + limit
            + " bytes", null);
      }
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new WebConfigException(file, key, "cannot read " + path + ": " + e, e);
    }
  }

  /** Either the inline {@code inlineKey} or the file named by {@code fileKey}; never both. */
  private String inlineOrFile(ConfigNode tls, String inlineKey, String fileKey) throws WebConfigException {
    String inline = tls.get(inlineKey).text();
    String name = tls.get(fileKey).text();
    if (!inline.isEmpty() && !name.isEmpty()) {
      throw tls.error("give " + inlineKey + " or " + fileKey + ", not both");
    }
    return name.isEmpty() ? inline : read(dir.resolve(name), tls.get(fileKey).key(), MAX_PEM_BYTES);
  }

  private TlsSettings tls(ConfigNode tls) throws WebConfigException {
    List<String> protocols = protocols(tls);
    List<String> ciphers = Ciphers.check(tls.get("cipher_suites"));
    boolean prefer = tls.get("prefer_server_cipher_suites").bool(true);
    List<String> sans = tls.get("client_allowed_sans").strings();
    if (!tls.get("curve_preferences").strings().isEmpty()) {
      throw tls.get("curve_preferences").error("not supported here: Java 17 cannot choose the curves of one "
          + "server; remove the key (the JDK's defaults are X25519, P-256, P-384, P-521, ...)");
    }
    String clientAuthText = tls.get("client_auth_type").text();
    ClientAuthType clientAuth = ClientAuthType.of(clientAuthText);
    if (clientAuth == null) {
      throw tls.get("client_auth_type").error("'" + clientAuthText + "' is not one of NoClientCert, "
          + "RequestClientCert, RequireAnyClientCert, VerifyClientCertIfGiven, RequireAndVerifyClientCert");
    }
    boolean enabled = false;
    for (String k : List.of("cert", "key", "client_ca", "cert_file", "key_file", "client_ca_file", "client_auth_type")) {
      enabled |= !tls.get(k).text().isEmpty();
    }
    if (!enabled) {
      return null;
    }
    String certText = inlineOrFile(tls, "cert", "cert_file");
    String keyText = inlineOrFile(tls, "key", "key_file");
    String caText = inlineOrFile(tls, "client_ca", "client_ca_file");
    if (certText.isEmpty()) {
      throw tls.error("missing one of cert or cert_file");
    }
    if (keyText.isEmpty()) {
      throw tls.error("missing one of key or key_file");
    }
    String certKey = tls.get(tls.get("cert_file").text().isEmpty() ? "cert" : "cert_file").key();
    String keyKey = tls.get(tls.get("key_file").text().isEmpty() ? "key" : "key_file").key();
    String caKey = tls.get(tls.get("client_ca_file").text().isEmpty() ? "client_ca" : "client_ca_file").key();
    var chain = Keys.certificates(file, certKey, certText);
    var key = Keys.privateKey(file, keyKey, keyText, chain.get(0));
    var cas = caText.isEmpty() ? List.<java.security.cert.X509Certificate>of() : Keys.certificates(file, caKey, caText);
    if (!cas.isEmpty() && clientAuth == ClientAuthType.NO_CLIENT_CERT) {
      throw tls.get("client_auth_type").error("client CAs are given but client_auth_type does not ask for client "
          + "certificates; set RequireAndVerifyClientCert");
    }
    if (cas.isEmpty() && clientAuth.verified()) {
      throw tls.get("client_ca_file").error("client_auth_type " + clientAuth.text()
          + " verifies client certificates: give the CAs to verify them against (client_ca_file or client_ca)");
    }
    return new TlsSettings(chain, key, clientAuth, cas, sans, protocols, ciphers, prefer);
  }

  private static List<String> protocols(ConfigNode tls) throws WebConfigException {
    int min = version(tls.get("min_version"), 2);
    int max = version(tls.get("max_version"), 3);
    if (min > max) {
      throw tls.get("min_version").error(VERSIONS.get(min) + " is above max_version " + VERSIONS.get(max));
    }
    return PROTOCOLS.subList(min, max + 1);
  }

  private static int version(ConfigNode node, int otherwise) throws WebConfigException {
    String text = node.text();
    if (text.isEmpty()) {
      return otherwise;
    }
    int i = VERSIONS.indexOf(text);
    if (i < 0) {
      throw node.error("'" + text + "' is not one of " + String.join(", ", VERSIONS));
    }
    return i;
  }

  private static Map<String, String> users(ConfigNode users) throws WebConfigException {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : users.names()) {
      ConfigNode entry = users.get(name);
      String hash = entry.text();
      Matcher m = BCRYPT.matcher(hash);
      if (!m.matches()) {
        throw entry.error("not a bcrypt hash ($2y$10$ and 53 more characters); make one with "
            + "htpasswd -nBC 10 \"\" | tr -d ':\\n'");
      }
      int cost = Integer.parseInt(m.group(1));
      if (cost < 4 || cost > 31) {
        throw entry.error("bcrypt cost " + cost + " is not in 4..31");
      }
      out.put(name, hash);
    }
    return out;
  }

  private static Map<String, String> headers(ConfigNode headers) throws WebConfigException {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : headers.names()) {
      List<String> allowed = HEADERS.get(name);
      if (allowed == null) {
        throw headers.get(name).error("this header cannot be set (only " + String.join(", ",
            new java.util.TreeSet<>(HEADERS.keySet())) + ")");
      }
      String value = headers.get(name).text();
      if (!allowed.isEmpty() && !allowed.contains(value)) {
        throw headers.get(name).error("'" + value + "' is not one of " + String.join(", ", allowed));
      }
      if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw headers.get(name).error("control characters are not allowed in a header");
      }
      if (!value.isEmpty()) {
        out.put(name, value);
      }
    }
    return out;
  }

  private static RateLimit rateLimit(ConfigNode rate) throws WebConfigException {
    ConfigNode interval = rate.get("interval");
    Duration every;
    if (interval.isNumber()) {
      long nanos = interval.integer(0);
      if (nanos < 0) {
        throw interval.error("negative");
      }
      every = Duration.ofNanos(nanos);
    } else {
      try {
        every = interval.absent() ? Duration.ZERO : GoDuration.parse(interval.text());
      } catch (IllegalArgumentException e) {
        throw interval.error(e.getMessage());
      }
    }
    long burst = rate.get("burst").integer(0);
    if (burst < 0 || burst > Integer.MAX_VALUE) {
      throw rate.get("burst").error("not in 0.." + Integer.MAX_VALUE + ": " + burst);
    }
    return every.isZero() ? null : new RateLimit(every, (int) burst);
  }
}
