/**
 * The tables, one store per table (or per table and its link tables), each in one stated style:
 * Hibernate entities where a row is read and written whole, plain fixed SQL where one statement does
 * what the fast paths need. No SQL here is assembled at run time. One deliberate exception to one
 * writer per table: a commit is one statement, so the commit statements ({@link RevisionStore}'s,
 * and the real-server fast forms of {@link RealServerStore}, which fold a write and its commit into
 * one) also write {@code revision} and {@code audit} and stamp the written rows' {@code revision}
 * column, which the entities never write.
 */
package io.fulcrum.controlplane.store;
