package io.proconsul.core.filter;

import java.util.List;

/** The parsed form of a filter: go-bexpr's AST, before it is checked against a {@link FilterSchema}. */
sealed interface Expression {

    record And(Expression left, Expression right) implements Expression {}

    record Or(Expression left, Expression right) implements Expression {}

    record Not(Expression operand) implements Expression {}

    /**
     * One comparison.
     *
     * @param selector the path, one element per {@code .name} or {@code ["key"]}
     * @param value the raw value text (a bare selector used as a value is its dotted text); null for the
     *     emptiness checks
     */
    record Match(List<String> selector, MatchOperator operator, String value) implements Expression {

        public Match {
            selector = List.copyOf(selector);
        }

        /** The selector as go-bexpr prints it in errors: its parts joined with dots. */
        String selectorText() {
            return String.join(".", selector);
        }
    }
}
