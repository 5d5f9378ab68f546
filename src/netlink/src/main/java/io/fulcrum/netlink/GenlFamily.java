package io.fulcrum.netlink;

/** A resolved generic netlink family: the dynamic id to use as nlmsg_type, and what the kernel reports of it. */
public record GenlFamily(int id, String name, int version, int headerSize, int maxAttribute) {}
