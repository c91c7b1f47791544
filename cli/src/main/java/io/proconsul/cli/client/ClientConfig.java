package io.proconsul.cli.client;

import java.util.Map;

/**
 * The settings of one {@link ConsulHttpClient}, resolved in Consul's order: built-in defaults, then the
 * {@code CONSUL_*} environment variables ({@link #fromEnvironment}), then command-line flags (the setters,
 * called only for flags that were given). {@link ConsulHttpClient#create} then applies Consul's last rules:
 * the address scheme and a token file that wins over a token.
 *
 * <p>Not thread-safe; a command builds one, hands it to the client and drops it.
 */
public final class ClientConfig {

    static final String ENV_ADDR = "CONSUL_HTTP_ADDR";
    static final String ENV_TOKEN = "CONSUL_HTTP_TOKEN";
    static final String ENV_TOKEN_FILE = "CONSUL_HTTP_TOKEN_FILE";
    static final String ENV_AUTH = "CONSUL_HTTP_AUTH";
    static final String ENV_SSL = "CONSUL_HTTP_SSL";
    static final String ENV_SSL_VERIFY = "CONSUL_HTTP_SSL_VERIFY";
    static final String ENV_CA_FILE = "CONSUL_CACERT";
    static final String ENV_CA_PATH = "CONSUL_CAPATH";
    static final String ENV_CLIENT_CERT = "CONSUL_CLIENT_CERT";
    static final String ENV_CLIENT_KEY = "CONSUL_CLIENT_KEY";
    static final String ENV_TLS_SERVER_NAME = "CONSUL_TLS_SERVER_NAME";
    static final String ENV_NAMESPACE = "CONSUL_NAMESPACE";
    static final String ENV_PARTITION = "CONSUL_PARTITION";

    String address = HttpAddress.DEFAULT;
    String scheme = "http";
    String token = "";
    String tokenFile = "";
    String basicAuth = "";
    String datacenter = "";
    String namespace = "";
    String partition = "";
    boolean stale;
    String caFile = "";
    String caPath = "";
    String clientCert = "";
    String clientKey = "";
    String tlsServerName = "";
    boolean insecureSkipVerify;

    /** Defaults overlaid with the environment, as Consul's {@code api.DefaultConfig}. */
    public static ClientConfig fromEnvironment(Map<String, String> env) {
        ClientConfig c = new ClientConfig();
        c.address = nonEmpty(env.get(ENV_ADDR), c.address);
        c.tokenFile = nonEmpty(env.get(ENV_TOKEN_FILE), c.tokenFile);
        c.token = nonEmpty(env.get(ENV_TOKEN), c.token);
        c.basicAuth = nonEmpty(env.get(ENV_AUTH), c.basicAuth);
        // Consul ignores a value it cannot parse as a boolean (it only logs a warning).
        if (Boolean.TRUE.equals(parseBool(env.get(ENV_SSL)))) {
            c.scheme = "https";
        }
        if (Boolean.FALSE.equals(parseBool(env.get(ENV_SSL_VERIFY)))) {
            c.insecureSkipVerify = true;
        }
        c.tlsServerName = nonEmpty(env.get(ENV_TLS_SERVER_NAME), c.tlsServerName);
        c.caFile = nonEmpty(env.get(ENV_CA_FILE), c.caFile);
        c.caPath = nonEmpty(env.get(ENV_CA_PATH), c.caPath);
        c.clientCert = nonEmpty(env.get(ENV_CLIENT_CERT), c.clientCert);
        c.clientKey = nonEmpty(env.get(ENV_CLIENT_KEY), c.clientKey);
        c.namespace = nonEmpty(env.get(ENV_NAMESPACE), c.namespace);
        c.partition = nonEmpty(env.get(ENV_PARTITION), c.partition);
        return c;
    }

    public ClientConfig address(String value) {
        address = value;
        return this;
    }

    public ClientConfig token(String value) {
        token = value;
        return this;
    }

    public ClientConfig tokenFile(String value) {
        tokenFile = value;
        return this;
    }

    public ClientConfig datacenter(String value) {
        datacenter = value;
        return this;
    }

    public ClientConfig stale(boolean value) {
        stale = value;
        return this;
    }

    public ClientConfig namespace(String value) {
        namespace = value;
        return this;
    }

    public ClientConfig partition(String value) {
        partition = value;
        return this;
    }

    public ClientConfig caFile(String value) {
        caFile = value;
        return this;
    }

    public ClientConfig caPath(String value) {
        caPath = value;
        return this;
    }

    public ClientConfig clientCert(String value) {
        clientCert = value;
        return this;
    }

    public ClientConfig clientKey(String value) {
        clientKey = value;
        return this;
    }

    public ClientConfig tlsServerName(String value) {
        tlsServerName = value;
        return this;
    }

    /** The raw address as configured, before scheme parsing; for messages and tests. */
    public String address() {
        return address;
    }

    /** The token as configured by flag or environment, before a token file is read. */
    public String token() {
        return token;
    }

    public String tokenFile() {
        return tokenFile;
    }

    public String datacenter() {
        return datacenter;
    }

    public boolean stale() {
        return stale;
    }

    /** The scheme used for a bare {@code host:port} address: {@code https} when {@code CONSUL_HTTP_SSL=true}. */
    public String defaultScheme() {
        return scheme;
    }

    /** Go's {@code strconv.ParseBool}: {@code null} for an absent or unparsable value. */
    static Boolean parseBool(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        return switch (value) {
            case "1", "t", "T", "TRUE", "true", "True" -> Boolean.TRUE;
            case "0", "f", "F", "FALSE", "false", "False" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static String nonEmpty(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }
}
