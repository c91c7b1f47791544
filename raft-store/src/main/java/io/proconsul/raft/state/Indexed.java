package io.proconsul.raft.state;

/**
 * A read's value and the index Consul would report with it (before clamping to 1).
 */
public record Indexed<T>(T value, long index) {}
