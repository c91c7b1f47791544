package io.proconsul.cli.command.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class NettyPropertiesTest {

    @Test
    void clientAgentUsesUnpooledBuffersInBothNettyCopiesAndOneLoopPerRatisGroup() {
        Properties p = new Properties();
        NettyProperties.apply(false, p);
        assertThat(p).containsOnly(
                entry("io.netty.allocator.type", "unpooled"),
                entry("org.apache.ratis.thirdparty.io.netty.allocator.type", "unpooled"),
                entry("org.apache.ratis.thirdparty.io.netty.eventLoopThreads", "1"));
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
        assertThat(p).containsEntry("io.netty.allocator.type", "pooled")
                .containsEntry("org.apache.ratis.thirdparty.io.netty.allocator.type", "unpooled");
    }

    /** The shaded copy reads its keys under its own package prefix; if Ratis reshades, this prefix is wrong. */
    @Test
    void ratisShadesNettyUnderThePrefix() throws Exception {
        Class<?> shaded = Class.forName(NettyProperties.RATIS_SHADED + "io.netty.buffer.ByteBufAllocator");
        assertThat(shaded.getName()).startsWith(NettyProperties.RATIS_SHADED);
    }
}
