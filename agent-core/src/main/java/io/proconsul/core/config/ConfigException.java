package io.proconsul.core.config;

/**
 * A configuration source could not be read, parsed or validated. The message is meant for the operator as
 * is: it names the file (or {@code flags}, {@code default}) and the key, in Consul's wording where Consul
 * has one, for example {@code /etc/consul.d/a.hcl: ports.http: invalid port: 70000}.
 */
public final class ConfigException extends Exception {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
