package io.proconsul.serf.memberlist;

/** The delegate refused to merge a remote state; the message is the delegate's reason, verbatim. */
final class MergeRefusedException extends RuntimeException {

    MergeRefusedException(String reason) {
        super(reason, null, false, false);
    }
}
