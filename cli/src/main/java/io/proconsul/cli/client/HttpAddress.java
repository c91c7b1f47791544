package io.proconsul.cli.client;

/**
 * Where the agent's HTTP API listens, split the way Consul's Go client splits {@code CONSUL_HTTP_ADDR}:
 * an optional {@code http://} or {@code https://} scheme, {@code host:port}, and an optional path prefix for
 * an agent behind a reverse proxy ({@code http://proxy:80/consul} sends {@code /consul/v1/kv/...}).
 *
 * @param scheme {@code http} or {@code https}
 * @param hostPort the authority, as given ({@code 127.0.0.1:8500}, {@code [::1]:8500}, {@code consul.local})
 * @param pathPrefix empty, or a prefix that starts with {@code /}
 */
public record HttpAddress(String scheme, String hostPort, String pathPrefix) {

    /** Consul's default agent address. */
    public static final String DEFAULT = "127.0.0.1:8500";

    /**
     * Parses an address as Consul's {@code api.NewClient} does. Without a scheme the address is a bare
     * {@code host:port} and {@code defaultScheme} applies ({@code https} when {@code CONSUL_HTTP_SSL=true});
     * an explicit {@code http://} never downgrades an {@code https} default, as in Consul.
     *
     * @throws ConsulApiException for {@code unix://} and any other scheme
     */
    public static HttpAddress parse(String address, String defaultScheme) throws ConsulApiException {
        String value = address == null || address.isEmpty() ? DEFAULT : address;
        int sep = value.indexOf("://");
        if (sep < 0) {
            return new HttpAddress(defaultScheme, value, "");
        }
        String scheme = value.substring(0, sep);
        String rest = value.substring(sep + 3);
        String effective = switch (scheme) {
            case "http" -> defaultScheme;
            case "https" -> "https";
            case "unix" -> throw new ConsulApiException(
                    "Unix socket addresses are not supported by this client: " + value
                            + "; use the agent's http:// address instead");
            default -> throw new ConsulApiException("Unknown protocol scheme: " + scheme);
        };
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return new HttpAddress(effective, rest, "");
        }
        return new HttpAddress(effective, rest.substring(0, slash), rest.substring(slash));
    }

    /** The base URI text that API paths are appended to, for example {@code http://127.0.0.1:8500}. */
    public String baseUri() {
        return scheme + "://" + hostPort + pathPrefix;
    }
}
