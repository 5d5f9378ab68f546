package io.fulcrum.agent.run;

import java.io.IOException;
import java.io.UncheckedIOException;

/** An {@link AgentLoop} running on a thread of its own, as AgentMain runs it on the main thread. */
public final class LoopThread {
    private final AgentLoop loop;
    private final Thread thread;

    private LoopThread(AgentLoop loop) {
        this.loop = loop;
        this.thread = new Thread(
                () -> {
                    try {
                        loop.run();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                "agent-loop");
    }

    public static LoopThread start(AgentLoop loop) {
        LoopThread t = new LoopThread(loop);
        t.thread.start();
        return t;
    }

    /** Asks the loop to stop and waits for it, at most 5 s. */
    public void stop() throws InterruptedException {
        loop.stop();
        thread.join(5_000);
    }
}
