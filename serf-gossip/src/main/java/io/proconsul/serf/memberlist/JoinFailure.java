package io.proconsul.serf.memberlist;

import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * Why a join failed at every address, worded as Consul reports it: go-multierror's list of
 * {@code Failed to join <addr>: <cause>} lines (network causes in Go's {@code dial tcp} wording).
 */
public final class JoinFailure extends Exception {

    JoinFailure(List<String> errors) {
        super(format(errors), null, false, false);
    }

    static String format(List<String> errors) {
        StringBuilder b = new StringBuilder();
        b.append(errors.size()).append(errors.size() == 1 ? " error occurred:" : " errors occurred:");
        for (String e : errors) {
            b.append("\n\t* ").append(e);
        }
        return b.append("\n\n").toString();
    }

    /** One address's line. */
    static String describe(String address, Throwable cause) {
        Throwable c = cause;
        while (c instanceof CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        String why;
        if (c instanceof TimeoutException || c instanceof io.netty.channel.ConnectTimeoutException) {
            why = "dial tcp " + address + ": i/o timeout";
        } else if (c instanceof ConnectException) {
            why = "dial tcp " + address + ": connect: connection refused";
        } else {
            why = c == null ? "unknown error" : c.getMessage();
        }
        return "Failed to join " + address + ": " + why;
    }
}
