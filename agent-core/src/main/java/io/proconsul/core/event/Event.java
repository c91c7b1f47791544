package io.proconsul.core.event;

/** Marker for everything published on the {@link EventBus}. Events are immutable records. */
public interface Event {}
