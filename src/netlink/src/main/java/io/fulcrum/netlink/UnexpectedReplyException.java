package io.fulcrum.netlink;

/** A well-formed message that does not answer the request in flight (wrong sequence number, port id or type). */
public class UnexpectedReplyException extends NetlinkException {
    public UnexpectedReplyException(String message) {
        super(message);
    }
}
