package io.proconsul.cli.command.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class NettyPropertiesTest {

    @Test
    void clientAgentUsesUnpooledBuffersAndNioOnlyAndSetsNothingForRatisWhichItDoesNotLoad() {
        Properties p = new Properties();
        NettyProperties.apply(false, p);
        assertThat(p).containsOnly(entry("io.netty.allocator.type", "unpooled"),
                entry("io.netty.transport.noNative", "true"));
    }

    @Test
    void serverKeepsPooling() {
        Properties p = new Properties();
        NettyProperties.apply(true, p);
        assertThat(p).isEmpty();
    }

    @Test
    void operatorSettingWins() {
        Properties p = new Properties();
        p.setProperty("io.netty.allocator.type", "pooled");
        NettyProperties.apply(false, p);
        assertThat(p).containsOnly(entry("io.netty.allocator.type", "pooled"),
                entry("io.netty.transport.noNative", "true"));
    }
}
