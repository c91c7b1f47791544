package io.proconsul.raft.fsm;

import io.proconsul.core.model.TxnResult;
import io.proconsul.core.store.AutopilotSetConfig;
import io.proconsul.core.store.CatalogDeregister;
import io.proconsul.core.store.CatalogRegister;
import io.proconsul.core.store.CoordinateBatchUpdate;
import io.proconsul.core.store.KvApply;
import io.proconsul.core.store.SessionCreate;
import io.proconsul.core.store.SessionDestroy;
import io.proconsul.core.store.SessionRenew;
import io.proconsul.core.store.Txn;
import io.proconsul.raft.command.LogCommand;
import io.proconsul.raft.command.ResultCodec;
import io.proconsul.raft.state.AutopilotTable;
import io.proconsul.raft.state.CatalogOpException;
import io.proconsul.raft.state.CatalogTable;
import io.proconsul.raft.state.CoordinateTable;
import io.proconsul.raft.state.KvOpException;
import io.proconsul.raft.state.KvTable;
import io.proconsul.raft.state.SessionOpException;
import io.proconsul.raft.state.SessionTable;
import io.proconsul.raft.state.RestoreStep;
import io.proconsul.raft.state.StateImport;
import io.proconsul.raft.state.StateStore;
import io.proconsul.raft.state.TxnDispatch;
import io.proconsul.raft.state.WriteTx;
import java.util.List;

/**
 * Applies one decoded log command to the state in {@code tx}: the table each command type writes. Returns
 * what {@link ResultCodec} sends back to the writer. A business failure rolls the transaction back and
 * returns {@link ResultCodec.Failed} (a refused session create: {@link ResultCodec.Refused}); anything else
 * thrown stops the state machine.
 */
final class CommandDispatch {

    private CommandDispatch() {}

    static Object apply(StateStore store, WriteTx tx, LogCommand command) {
        if (command instanceof LogCommand.SnapshotRestore restore) {
            return new StateImport(store).apply(tx, RestoreStep.decode(restore.step()));
        }
        if (command instanceof LogCommand.ReapTombstones reap) {
            new KvTable(store).reapTombstones(tx, reap.reapIndex());
            return null;
        }
        if (command instanceof LogCommand.PreApplyRefused refused) {
            // The leader refused the write before replicating it: nothing changes, the answer stands.
            return refused.result() instanceof TxnResult t ? new TxnResult(List.of(), t.errors(), tx.index())
                    : refused.result();
        }
        Object c = ((LogCommand.Client) command).command();
        if (c instanceof SessionCreate || c instanceof SessionDestroy || c instanceof SessionRenew) {
            return session(store, tx, c);
        }
        if (c instanceof AutopilotSetConfig a) {
            return new AutopilotTable(store).set(tx, a.config(), a.casIndex());
        }
        if (c instanceof KvApply kv) {
            try {
                return new KvTable(store).apply(tx, kv.op());
            } catch (KvOpException e) {
                tx.rollback();
                return new ResultCodec.Failed(e.getMessage());
            }
        }
        if (c instanceof CatalogRegister register) {
            try {
                return new CatalogTable(store).apply(tx, register);
            } catch (CatalogOpException e) {
                tx.rollback();
                return new ResultCodec.Failed(e.getMessage());
            }
        }
        if (c instanceof CatalogDeregister deregister) {
            return new CatalogTable(store).apply(tx, deregister);
        }
        if (c instanceof CoordinateBatchUpdate update) {
            return new CoordinateTable(store).apply(tx, update);
        }
        return new TxnDispatch(store).apply(tx, ((Txn) c).ops());
    }

    private static Object session(StateStore store, WriteTx tx, Object c) {
        SessionTable sessions = new SessionTable(store);
        try {
            if (c instanceof SessionCreate create) {
                return sessions.create(tx, create.session());
            }
            if (c instanceof SessionDestroy destroy) {
                return sessions.destroy(tx, destroy.id());
            }
            return sessions.renew(tx, ((SessionRenew) c).id());
        } catch (SessionOpException e) {
            tx.rollback();
            return new ResultCodec.Refused(e.getMessage());
        }
    }
}
