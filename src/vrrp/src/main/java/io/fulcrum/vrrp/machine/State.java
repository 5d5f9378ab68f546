package io.fulcrum.vrrp.machine;

/**
 * The states of a VRRP instance: Initialize, Backup and Master (RFC 3768 §6.4, RFC 5798 §6.4), and
 * FAULT (keepalived's): the interface or a tracked interface is down, so the instance neither holds the
 * addresses nor takes part in the election until it is back.
 */
public enum State {
    INITIALIZE,
    BACKUP,
    MASTER,
    FAULT
}
