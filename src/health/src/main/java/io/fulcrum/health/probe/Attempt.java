package io.fulcrum.health.probe;

import io.fulcrum.runtime.Durations;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The last handler of a probe's pipeline: owns the result, the deadline (armed when the channel is
 * registered, on the channel's own event loop) and the stage named in a timeout reason. The first
 * verdict wins; it closes the channel.
 */
abstract class Attempt extends ChannelInboundHandlerAdapter {
    final CompletableFuture<ProbeResult> result = new CompletableFuture<>();
    private final Duration timeout;
    private volatile ScheduledFuture<?> deadline;
    volatile Channel channel;
    /** What the probe is waiting for, for a timeout's reason. */
    String stage = "connecting";

    Attempt(Duration timeout) {
        this.timeout = timeout;
        // cancelled (its check was stopped): close the connection and drop the deadline now
        result.whenComplete((r, e) -> {
            if (!result.isCancelled()) return;
            ScheduledFuture<?> d = deadline;
            if (d != null) d.cancel(false);
            Channel ch = channel;
            if (ch != null) ch.close();
        });
    }

    @Override
    public void channelRegistered(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        if (!result.isDone()) {
            deadline = ctx.executor()
                    .schedule(
                            () -> fail("timeout after " + Durations.text(timeout) + " " + stage),
                            timeout.toNanos(),
                            TimeUnit.NANOSECONDS);
        } else {
            ctx.close();
        }
        super.channelRegistered(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(Failures.describe(cause) + ("connecting".equals(stage) ? "" : " " + stage));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        fail("connection closed by the server " + stage);
        super.channelInactive(ctx);
    }

    final void pass(String reason) {
        finish(ProbeResult.ok(reason));
    }

    final void fail(String reason) {
        finish(ProbeResult.fail(reason));
    }

    void finish(ProbeResult r) {
        if (!result.complete(r)) return;
        if (deadline != null) deadline.cancel(false);
        if (channel != null) channel.close();
    }

    /** A connect (or bind) that failed before the channel was active. */
    final void connectFailed(Throwable cause) {
        fail(Failures.describe(cause));
    }
}
