package io.proconsul.raft;

import io.proconsul.raft.fsm.StoreStateMachine;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.statemachine.StateMachine;
import org.apache.ratis.util.LifeCycle;

/**
 * The store's state machines, one per Ratis division. Ratis asks this registry for one whenever it creates
 * the group's division: at start (or when the group forms), and again when this server re-enters the group
 * after the leader removed it. The first request gets the instance built with the registry; a later one a
 * fresh instance over the same state directory, since Ratis closed the old one with its division and never
 * reopens it. Callers read {@link #current()} anew each time and never keep it.
 *
 * <p>Thread-safe; Ratis creates divisions one at a time.
 */
final class StateMachines implements StateMachine.Registry {

    private final Supplier<StoreStateMachine> factory;
    private volatile StoreStateMachine current;
    private volatile Function<byte[], CompletableFuture<byte[]>> remoteReads;

    StateMachines(Supplier<StoreStateMachine> factory) {
        this.factory = factory;
        this.current = factory.get();
    }

    /** The state machine of the current (or next) division. */
    StoreStateMachine current() {
        return current;
    }

    @Override
    public StateMachine apply(RaftGroupId id) {
        StoreStateMachine machine = current;
        if (machine.getLifeCycleState() != LifeCycle.State.NEW) {
            machine = factory.get();
            Function<byte[], CompletableFuture<byte[]>> handler = remoteReads;
            if (handler != null) {
                machine.serveRemoteReads(handler);
            }
            current = machine;
        }
        return machine;
    }

    /** Client agents' reads are answered by {@code handler}, on this state machine and on every later one. */
    void serveRemoteReads(Function<byte[], CompletableFuture<byte[]>> handler) {
        remoteReads = handler;
        current.serveRemoteReads(handler);
    }
}
