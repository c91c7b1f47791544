package io.proconsul.core.session;

import java.util.Arrays;
import java.util.Optional;

/** What happens to a session's locks when it is invalidated (Consul's {@code SessionBehavior}). */
public enum SessionBehavior {
    /** The held keys stay, with their {@code Session} cleared. */
    RELEASE("release"),
    /** The held keys are deleted. */
    DELETE("delete");

    private final String wireName;

    SessionBehavior(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<SessionBehavior> fromWireName(String name) {
        return Arrays.stream(values()).filter(b -> b.wireName.equals(name)).findFirst();
    }
}
