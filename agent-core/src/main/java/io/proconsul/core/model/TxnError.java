package io.proconsul.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Why one operation of a {@code /v1/txn} request failed, Consul's {@code TxnError}.
 *
 * @param opIndex the position of the failed operation in the request, from 0
 * @param what Consul's message, for example {@code failed to lock key "k": ...}
 */
@JsonPropertyOrder({"OpIndex", "What"})
public record TxnError(@JsonProperty("OpIndex") int opIndex, @JsonProperty("What") String what) {}
