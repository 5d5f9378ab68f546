package io.fulcrum.controlplane.store;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.List;

/**
 * What the Hibernate stores of named resources share: find, lock, write and remove a row, one page
 * of rows, every row. Each store hands in its own fixed statements: HQL for the entity, and native
 * SQL (through the same EntityManager, so ordered with the entity writes) only for the page, whose
 * label filter is a jsonb containment test that HQL cannot say.
 */
abstract class EntityStore<R extends ResourceRow> {
    private final Class<R> type;
    private final String byName;
    private final String all;
    private final String page;

    /**
     * @param byName HQL selecting the row with name {@code :n}
     * @param all    HQL selecting every row, by name
     * @param page   native SQL: rows with name after ?1 whose labels hold every label of the jsonb array ?2, by name, at most ?3
     */
    EntityStore(Class<R> type, String byName, String all, String page) {
        this.type = type;
        this.byName = byName;
        this.all = all;
        this.page = page;
    }

    abstract EntityManager em();

    /** The row named {@code name}, or null. */
    public R find(String name) {
        return em().createQuery(byName, type)
                .setParameter("n", name)
                .getResultStream()
                .findFirst()
                .orElse(null);
    }

    /** The row, locked until commit (SELECT ... FOR UPDATE): a concurrent writer waits, then sees this one's change; or null. */
    public R lock(String name) {
        return em().createQuery(byName, type)
                .setParameter("n", name)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream()
                .findFirst()
                .orElse(null);
    }

    /** Writes a new row now (its id is generated); a changed row found here is written at the next flush. */
    public void persist(R row) {
        em().persist(row);
    }

    /** Writes pending changes of rows now, before plain statements that depend on them. */
    public void flush() {
        em().flush();
    }

    public void remove(R row) {
        em().remove(row);
    }

    /** Every row, by name. */
    public List<R> all() {
        return em().createQuery(all, type).getResultList();
    }

    /**
     * Up to {@code limit} rows with names after {@code after}, by name, whose labels hold every
     * label object of {@code labels} (a JSON array of single-label objects).
     */
    @SuppressWarnings("unchecked")
    public List<R> page(String after, String labels, int limit) {
        return em().createNativeQuery(page, type)
                .setParameter(1, after)
                .setParameter(2, labels)
                .setParameter(3, limit)
                .getResultList();
    }

    @SuppressWarnings("unchecked")
    List<String> strings(String sql, Object... params) {
        var q = em().createNativeQuery(sql);
        for (int i = 0; i < params.length; i++) q.setParameter(i + 1, params[i]);
        return q.getResultList();
    }
}
