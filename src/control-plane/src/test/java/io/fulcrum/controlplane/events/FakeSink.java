package io.fulcrum.controlplane.events;

import java.util.ArrayList;
import java.util.List;

/** A sink whose readiness the test sets; it records what it was given. */
class FakeSink implements Subscription.Sink {
    boolean ready = true;
    final List<Sequenced> written = new ArrayList<>();
    /** Each write's events, in order. */
    final List<List<Sequenced>> batches = new ArrayList<>();

    int writes;
    int keepAlives;
    boolean ended;
    boolean aborted;

    @Override
    public boolean ready() {
        return ready;
    }

    @Override
    public void write(List<Sequenced> batch) {
        writes++;
        batches.add(List.copyOf(batch));
        written.addAll(batch);
    }

    @Override
    public void keepAlive() {
        keepAlives++;
    }

    @Override
    public void end() {
        ended = true;
    }

    @Override
    public void abort() {
        aborted = true;
    }

    List<Long> ids() {
        return written.stream().map(Sequenced::id).toList();
    }
}
