package io.proconsul.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpAddressTest {

    @ParameterizedTest(name = "{0} (default {1})")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "127.0.0.1:8500           | http  | http  | 127.0.0.1:8500 | ''",
        "''                       | http  | http  | 127.0.0.1:8500 | ''",
        "null                     | http  | http  | 127.0.0.1:8500 | ''",
        "localhost:18500          | https | https | localhost:18500 | ''",
        "http://10.0.0.1:8500     | http  | http  | 10.0.0.1:8500  | ''",
        "https://consul.local     | http  | https | consul.local   | ''",
        "http://[::1]:8500        | http  | http  | [::1]:8500     | ''",
        "http://proxy:80/consul   | http  | http  | proxy:80       | /consul",
        "https://proxy/a/b        | http  | https | proxy          | /a/b",
        // Consul: an explicit http:// never downgrades CONSUL_HTTP_SSL=true.
        "http://127.0.0.1:8500    | https | https | 127.0.0.1:8500 | ''",
    })
    void parsesAsConsulsClient(String address, String defaultScheme, String scheme, String hostPort, String prefix)
            throws ConsulApiException {
        HttpAddress parsed = HttpAddress.parse(address, defaultScheme);
        assertThat(parsed).isEqualTo(new HttpAddress(scheme, hostPort, prefix));
        assertThat(parsed.baseUri()).isEqualTo(scheme + "://" + hostPort + prefix);
    }

    @ParameterizedTest
    @CsvSource({"ftp://host:21, Unknown protocol scheme: ftp", "unix:///tmp/consul.sock, use the agent's http://"})
    void rejectsOtherSchemes(String address, String message) {
        ConsulApiException e = assertThrows(ConsulApiException.class, () -> HttpAddress.parse(address, "http"));
        assertThat(e.getMessage()).contains(message);
        assertThat(e.statusCode()).isZero();
    }
}
