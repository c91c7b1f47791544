package io.proconsul.cli.command.services;

import io.proconsul.core.config.ConfigException;
import io.proconsul.core.config.ConfigLoader;
import io.proconsul.core.local.ServiceDefinition;
import java.util.List;

/**
 * Consul's {@code ServicesFromFiles}: the files are loaded as agent config files, in dev mode so that no
 * other key is required, and only their {@code service}/{@code services} definitions are kept. So the
 * files are checked exactly as the agent would check them, with the same messages.
 */
final class ServiceFiles {

    private ServiceFiles() {}

    static List<ServiceDefinition> read(List<String> files) throws ConfigException {
        return new ConfigLoader().devMode(true).configPaths(files).load().config().discovery().services();
    }
}
