#include "store/sqlite/sqlite_store.hpp"

#include "core/random.hpp"
#include "core/time.hpp"
#include "store/new_records.hpp"
#include "store/rows.hpp"

namespace irtc::store::sqlite {
namespace {

constexpr std::string_view kSelectApiKey = "SELECT id, tenant_id, key_hash, prefix, created_at FROM api_keys";
constexpr std::string_view kInsertApiKey =
    "INSERT INTO api_keys (id, tenant_id, key_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?)";

bool hasTable(Connection& connection, std::string_view name) {
  return connection.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", name).step();
}

}  // namespace

void runReferencing(Connection& connection, Query insert, const std::string& tenantId,
                    std::initializer_list<Reference> references) {
  try {
    Query q = std::move(insert);
    q.run();
  } catch (const ConstraintFailed& e) {
    if (!e.isForeignKey()) throw;
    if (!connection.query("SELECT 1 FROM tenants WHERE id = ?", tenantId).step()) {
      throw ReferenceNotFound("tenantId");
    }
    for (const Reference& ref : references) {
      std::string sql = std::string("SELECT 1 FROM ") + ref.table + " WHERE tenant_id = ? AND id = ?";
      if (!connection.query(sql, tenantId, ref.id).step()) throw ReferenceNotFound(ref.field);
    }
    throw;
  }
}

SqliteStore::SqliteStore(const std::string& path, const SqliteOptions& options) {
  initRandom();
  if (options.readers < 1) throw std::invalid_argument("SqliteStore needs at least one reader connection");
  writer_ = std::make_unique<Connection>(path, /*create=*/false, options.busyTimeout);
  std::string mode = writer_->scalar("PRAGMA journal_mode=WAL");
  if (mode != "wal") {
    throw StoreUnavailable("sqlite: " + path + " cannot use WAL (journal_mode is " + mode + ")");
  }
  // NORMAL would keep commits across a process crash but not across an OS crash or power
  // loss; FULL syncs the WAL at every commit, so a write we acknowledged is never lost.
  writer_->exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON", "configure");
  groupCommit_ = std::make_unique<GroupCommit>(*writer_);
  if (!hasTable(*writer_, "schema_migrations") ||
      writer_->scalar("SELECT count(*) FROM schema_migrations") == "0") {
    throw std::runtime_error("database " + path + " has no schema: run `interviewd migrate up`");
  }
  for (int i = 0; i < options.readers; ++i) {
    auto reader = std::make_unique<Connection>(path, /*create=*/false, options.busyTimeout);
    // A reader that tried to write would take the write lock behind the writer's mutex.
    reader->exec("PRAGMA query_only=ON", "configure reader");
    idleReaders_.push_back(std::move(reader));
  }
}

SqliteStore::ReaderLease::ReaderLease(SqliteStore& store) : store_(store) {
  std::unique_lock lock(store_.readersMutex_);
  store_.readerReturned_.wait(lock, [&] { return !store_.idleReaders_.empty(); });
  connection_ = std::move(store_.idleReaders_.back());
  store_.idleReaders_.pop_back();
}

SqliteStore::ReaderLease::~ReaderLease() {
  {
    std::lock_guard lock(store_.readersMutex_);
    store_.idleReaders_.push_back(std::move(connection_));
  }
  store_.readerReturned_.notify_one();
}

void SqliteStore::ping() {
  // Reads a page of the file, so a missing or corrupt database shows up, unlike "SELECT 1".
  read([](Connection& c) { c.scalar("SELECT count(*) FROM schema_migrations"); });
}

Tenant SqliteStore::createTenant(const std::string& name) {
  Tenant tenant{newUuid(), name, nowMs()};
  write([&](Connection& c) {
    c.query("INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?)", tenant.id, tenant.name,
            tenant.createdAt)
        .run();
  });
  return tenant;
}

std::vector<Tenant> SqliteStore::listTenants() {
  return read([](Connection& c) {
    std::vector<Tenant> tenants;
    // rowid breaks ties in creation order, where a random id would not.
    Query q = c.query("SELECT id, name, created_at FROM tenants ORDER BY created_at, rowid");
    while (q.step()) tenants.push_back(rows::tenant(q));
    return tenants;
  });
}

std::optional<Tenant> SqliteStore::getTenant(const std::string& tenantId) {
  return read([&](Connection& c) -> std::optional<Tenant> {
    Query q = c.query("SELECT id, name, created_at FROM tenants WHERE id = ?", tenantId);
    if (!q.step()) return std::nullopt;
    return rows::tenant(q);
  });
}

void SqliteStore::addApiKey(const ApiKey& key) {
  ApiKey row = newApiKey(key);
  write([&](Connection& c) {
    runReferencing(c, c.query(kInsertApiKey, row.id, row.tenantId, row.keyHash, row.prefix, row.createdAt),
                   row.tenantId, {});
  });
}

bool SqliteStore::rotateApiKey(const ApiKey& key) {
  ApiKey row = newApiKey(key);
  return write([&](Connection& c) {
    if (!c.query("SELECT 1 FROM tenants WHERE id = ?", row.tenantId).step()) return false;
    c.query("UPDATE api_keys SET revoked_at = ? WHERE tenant_id = ? AND revoked_at IS NULL", row.createdAt,
            row.tenantId)
        .run();
    c.query(kInsertApiKey, row.id, row.tenantId, row.keyHash, row.prefix, row.createdAt).run();
    return true;
  });
}

std::optional<ApiKey> SqliteStore::findApiKeyByHash(const std::string& keyHash) {
  return read([&](Connection& c) -> std::optional<ApiKey> {
    Query q = c.query(std::string(kSelectApiKey) + " WHERE key_hash = ? AND revoked_at IS NULL", keyHash);
    if (!q.step()) return std::nullopt;
    return rows::apiKey(q);
  });
}

}  // namespace irtc::store::sqlite
