package io.proconsul.core.filter;

/**
 * A {@code ?filter} expression that cannot be used: malformed, naming a selector the data type does not have,
 * using an operator the selector does not support, or with a value that does not fit the selector's type.
 * The message is Consul's whole text, starting with {@link #PREFIX}, so the HTTP layer sends it unchanged
 * (as a 400).
 */
public final class FilterException extends IllegalArgumentException {

    /** What go-bexpr's {@code CreateFilter} puts in front of every creation error. */
    public static final String PREFIX = "Failed to create boolean expression evaluator: ";

    FilterException(String detail) {
        super(PREFIX + detail, null);
    }

    /** The text after {@link #PREFIX}. */
    public String detail() {
        return getMessage().substring(PREFIX.length());
    }
}
