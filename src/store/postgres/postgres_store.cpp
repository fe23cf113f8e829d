#include "store/postgres/postgres_store.hpp"

#include "core/random.hpp"
#include "core/time.hpp"
#include "store/new_records.hpp"
#include "store/rows.hpp"

namespace irtc::store::postgres {
namespace {

// No tenant has the nil UUID (ours are random, version 4): it stands for an id that is not a UUID.
constexpr std::string_view kNoTenant = "00000000-0000-0000-0000-000000000000";

// The SQL stays a std::string because query() keys its prepared statements by it; a
// function-local static builds it on first use, where a failed allocation can be caught.
const std::string& insertApiKeySql() {
  static const std::string sql =
      "INSERT INTO api_keys (id, tenant_id, key_hash, prefix, created_at) VALUES ($1, $2, $3, $4, $5)";
  return sql;
}

const std::string& tenantExistsSql() {
  static const std::string sql = "SELECT 1 FROM tenants WHERE id = $1";
  return sql;
}

// Opens the transaction with `opening` (BEGIN and what goes with it). A connection that broke while
// idle in the pool (the database restarted) shows it only now, before anything was sent: that one
// is retried on a new connection, so a restart costs only the requests that were running through it.
Connection& begin(Pool::Lease& lease, const std::string& opening) {
  try {
    Connection& c = lease.connection();
    c.exec(opening);
    return c;
  } catch (const StoreUnavailable&) {
    if (lease.healthy()) throw;
    Connection& c = lease.connection();
    c.exec(opening);
    return c;
  }
}

// Ends a transaction that failed, if the connection is still in one. The original error is the one
// to report; a connection that cannot roll back is replaced by the pool.
void rollBack(Connection& c) {
  if (!c.healthy() || !c.inTransaction()) return;
  try {
    c.exec("ROLLBACK");
  } catch (const std::exception&) {
  }
}

template <typename F>
void runTransaction(Pool& pool, const std::string& opening, F&& f) {
  Pool::Lease lease(pool);
  Connection& c = begin(lease, opening);
  try {
    f(c);
    c.exec("COMMIT");
  } catch (...) {
    if (c.healthy()) {
      try {
        c.exec("ROLLBACK");
      } catch (const std::exception&) {
        // The original error is the one to report; a connection that cannot roll back is
        // replaced by the pool.
      }
    }
    throw;
  }
}

}  // namespace

PostgresStore::PostgresStore(const std::string& url, const PostgresOptions& options)
    : pool_(url, options.poolSize) {
  initRandom();
  transactWithoutTenant([&](Connection& c) {
    if (c.query("SELECT to_regclass('schema_migrations') IS NULL").boolean(0) ||
        c.query("SELECT 1 FROM schema_migrations LIMIT 1").rows() == 0) {
      throw std::runtime_error("database " + redactUrl(url) + " has no schema: run `interviewd migrate up`");
    }
    // Row-level security is the second wall between tenants; a role that passes through it
    // (a superuser, BYPASSRLS, or the tables' owner) would leave only the first.
    Result role = c.query(
        "SELECT rolsuper OR rolbypassrls, EXISTS (SELECT 1 FROM pg_tables WHERE tableowner = current_user "
        "AND tablename = 'schema_migrations') FROM pg_roles WHERE rolname = current_user");
    if (role.boolean(0) || role.boolean(1)) {
      throw std::runtime_error(
          "database_url connects as a role that bypasses row-level security or owns the schema; "
          "connect as a member of interviewd_service (docs/operations.md)");
    }
  });
}

void PostgresStore::transact(const std::string& tenantId,
                             const std::function<void(Connection&, const std::string&)>& f) {
  const std::string tenant = isUuid(tenantId) ? tenantId : std::string(kNoTenant);
  // The tenant is set in BEGIN's round trip, as a literal: it is a UUID (checked above), so it
  // cannot carry SQL, and one round trip fewer is one of every four a short transaction costs.
  runTransaction(pool_, "BEGIN; SELECT set_config('app.tenant_id', '" + tenant + "', true)",
                 [&](Connection& c) { f(c, tenant); });
}

const std::string& PostgresStore::beginSql() {
  static const std::string sql = "BEGIN";
  return sql;
}

const std::string& PostgresStore::setTenantSql() {
  static const std::string sql = "SELECT set_config('app.tenant_id', $1, true)";
  return sql;
}

const std::string& PostgresStore::commitSql() {
  static const std::string sql = "COMMIT";
  return sql;
}

void PostgresStore::transactPipelined(const std::string& tenantId,
                                      const std::function<void(Connection&, const std::string&)>& f) {
  const std::string tenant = isUuid(tenantId) ? tenantId : std::string(kNoTenant);
  Pool::Lease lease(pool_);
  for (bool retried = false;; retried = true) {
    Connection& c = lease.connection();
    const std::uint64_t before = c.roundTrips();
    try {
      f(c, tenant);
      return;
    } catch (const StoreUnavailable&) {
      // Broken while idle in the pool: nothing was run, so a new connection may run it all.
      if (!retried && !lease.healthy() && c.roundTrips() == before) continue;
      rollBack(c);
      throw;
    } catch (...) {
      rollBack(c);
      throw;
    }
  }
}

void PostgresStore::transactWithoutTenant(const std::function<void(Connection&)>& f) {
  runTransaction(pool_, "BEGIN", f);
}

void PostgresStore::throwMissingReference(const std::string& tenantId,
                                          std::initializer_list<Reference> references) {
  inTenant(tenantId, [&](Connection& c, const std::string& tenant) {
    if (c.query(tenantExistsSql(), tenant).rows() == 0) throw ReferenceNotFound("tenantId");
    for (const Reference& ref : references) {
      std::string sql = std::string("SELECT 1 FROM ") + ref.table + " WHERE tenant_id = $1 AND id = $2";
      if (c.query(sql, tenant, ref.id).rows() == 0) throw ReferenceNotFound(ref.field);
    }
  });
}

void PostgresStore::ping() {
  transactWithoutTenant([](Connection& c) { c.query("SELECT count(*) FROM schema_migrations"); });
}

Tenant PostgresStore::createTenant(const std::string& name) {
  Tenant tenant{newUuid(), name, nowMs()};
  transactWithoutTenant([&](Connection& c) {
    c.query("INSERT INTO tenants (id, name, created_at) VALUES ($1, $2, $3)", tenant.id, tenant.name,
            tenant.createdAt);
  });
  return tenant;
}

std::vector<Tenant> PostgresStore::listTenants() {
  std::vector<Tenant> tenants;
  transactWithoutTenant([&](Connection& c) {
    Result r = c.query("SELECT id, name, created_at FROM tenants ORDER BY created_at, created_seq");
    for (int i = 0; i < r.rows(); ++i) tenants.push_back(rows::tenant(r.row(i)));
  });
  return tenants;
}

std::optional<Tenant> PostgresStore::getTenant(const std::string& tenantId) {
  if (!isUuid(tenantId)) return std::nullopt;
  std::optional<Tenant> tenant;
  transactWithoutTenant([&](Connection& c) {
    Result r = c.query("SELECT id, name, created_at FROM tenants WHERE id = $1", tenantId);
    if (r.rows() > 0) tenant = rows::tenant(r);
  });
  return tenant;
}

void PostgresStore::addApiKey(const ApiKey& key) {
  ApiKey row = newApiKey(key);
  writeReferencing(row.tenantId, {}, [&](Connection& c, const std::string& tenant) {
    c.query(insertApiKeySql(), row.id, tenant, row.keyHash, row.prefix, row.createdAt);
  });
}

bool PostgresStore::rotateApiKey(const ApiKey& key) {
  ApiKey row = newApiKey(key);
  return inTenant(row.tenantId, [&](Connection& c, const std::string& tenant) {
    if (c.query(tenantExistsSql(), tenant).rows() == 0) return false;
    c.query("UPDATE api_keys SET revoked_at = $1 WHERE tenant_id = $2 AND revoked_at IS NULL", row.createdAt,
            tenant);
    c.query(insertApiKeySql(), row.id, tenant, row.keyHash, row.prefix, row.createdAt);
    return true;
  });
}

std::optional<ApiKey> PostgresStore::findApiKeyByHash(const std::string& keyHash) {
  std::optional<ApiKey> key;
  transactWithoutTenant([&](Connection& c) {
    Result r =
        c.query("SELECT id, tenant_id, key_hash, prefix, created_at FROM find_api_key_by_hash($1)", keyHash);
    if (r.rows() > 0) key = rows::apiKey(r);
  });
  return key;
}

}  // namespace irtc::store::postgres
