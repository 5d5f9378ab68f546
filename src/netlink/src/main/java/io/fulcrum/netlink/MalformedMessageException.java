package io.fulcrum.netlink;

/** A reply that is truncated, overruns its bounds or does not have the shape its type requires. */
public class MalformedMessageException extends NetlinkException {
    public MalformedMessageException(String message) {
        super(message);
    }
}
