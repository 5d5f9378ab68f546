/**
 * The tables, one store per table (or per table and its link tables), each in one stated style:
 * Hibernate entities where a row is read and written whole, plain fixed SQL where one statement does
 * what the fast paths need. No SQL here is assembled at run time.
 */
package io.fulcrum.controlplane.store;
