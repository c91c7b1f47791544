package io.proconsul.core.filter;

/**
 * go-bexpr's match operators, named as its errors print them ({@code "Is Empty"}). {@code contains} is
 * {@link #IN} with the operands swapped, as in go-bexpr's grammar.
 */
enum MatchOperator {
    EQUAL("Equal"),
    NOT_EQUAL("Not Equal"),
    IN("In"),
    NOT_IN("Not In"),
    IS_EMPTY("Is Empty"),
    IS_NOT_EMPTY("Is Not Empty"),
    MATCHES("Matches"),
    NOT_MATCHES("Not Matches");

    private final String text;

    MatchOperator(String text) {
        this.text = text;
    }

    /** The operator this one negates, or itself when it is a positive one. */
    MatchOperator positive() {
        return switch (this) {
            case NOT_EQUAL -> EQUAL;
            case NOT_IN -> IN;
            case IS_NOT_EMPTY -> IS_EMPTY;
            case NOT_MATCHES -> MATCHES;
            default -> this;
        };
    }

    boolean isNegated() {
        return positive() != this;
    }

    boolean needsValue() {
        return this != IS_EMPTY && this != IS_NOT_EMPTY;
    }

    @Override
    public String toString() {
        return text;
    }
}
