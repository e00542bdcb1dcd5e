// A history store per test, on SQLite (a temp file) or PostgreSQL (a fresh
// schema in the server given by ORACLE_TEST_POSTGRES_URL, which
// scripts/with-postgres.sh sets). Shared by the store tests and available to
// other history tests.
#ifndef ORACLE_TESTS_HISTORY_STORE_FIXTURE_H_
#define ORACLE_TESTS_HISTORY_STORE_FIXTURE_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "history/sql_internal.h"
#include "oracle/history.h"
#include "test_util.h"

namespace oracle::testing {

// A place for one test's store: a URL that OpenHistoryStore accepts, for
// as many connections as the test wants, removed at the end.
class StoreLocation {
 public:
  // backend: "sqlite" or "postgresql".
  explicit StoreLocation(const std::string& backend) : backend_(backend) {
    static std::atomic<int> counter{0};
    std::random_device rd;
    std::string tag = std::to_string(getpid()) + "_" +
                      std::to_string(counter++) + "_" + std::to_string(rd() % 100000);
    if (backend == "sqlite") {
      path_ = (std::filesystem::temp_directory_path() /
               ("oracle_history_" + tag + ".db"))
                  .string();
      url_ = "sqlite:" + path_;
    } else {
      const char* base = std::getenv("ORACLE_TEST_POSTGRES_URL");
      if (base == nullptr || *base == '\0') return;  // available() is false
      base_url_ = base;
      schema_ = "t_" + tag;
      auto admin = internal::OpenPostgres(base_url_);
      if (!admin.ok()) {
        error_ = admin.status().ToString();
        return;
      }
      Status s = (*admin)->Exec("CREATE SCHEMA " + schema_);
      if (!s.ok()) {
        error_ = s.ToString();
        return;
      }
      url_ = base_url_ + (base_url_.find('?') == std::string::npos ? "?" : "&") +
             "options=-csearch_path%3D" + schema_;
    }
  }
  ~StoreLocation() {
    if (!path_.empty()) {
      std::error_code ec;
      for (const char* suffix : {"", "-wal", "-shm"}) {
        std::filesystem::remove(path_ + suffix, ec);
      }
    }
    if (!schema_.empty() && !url_.empty()) {
      auto admin = internal::OpenPostgres(base_url_);
      if (admin.ok()) (void)(*admin)->Exec("DROP SCHEMA " + schema_ + " CASCADE");
    }
  }
  bool available() const { return !url_.empty(); }
  const std::string& error() const { return error_; }
  const std::string& url() const { return url_; }
  const std::string& backend() const { return backend_; }

  // A raw connection to the same database (to tamper with it in tests).
  Result<std::unique_ptr<internal::SqlConnection>> Raw() const {
    if (backend_ == "sqlite") return internal::OpenSqlite(path_, 10000);
    return internal::OpenPostgres(url_);
  }

 private:
  std::string backend_, path_, base_url_, schema_, url_, error_;
};

// PostgreSQL tests fail (rather than skip) when ORACLE_TEST_REQUIRE_POSTGRES
// is set and no server is given: `./test` always runs them.
inline bool PostgresRequired() {
  const char* v = std::getenv("ORACLE_TEST_REQUIRE_POSTGRES");
  return v != nullptr && *v != '\0' && std::string(v) != "0";
}

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    location_ = std::make_unique<StoreLocation>(GetParam());
    if (!location_->available()) {
      if (!location_->error().empty()) FAIL() << location_->error();
      if (PostgresRequired()) {
        FAIL() << "ORACLE_TEST_POSTGRES_URL is not set "
                  "(run through scripts/with-postgres.sh)";
      }
      GTEST_SKIP() << "no PostgreSQL server: run through scripts/with-postgres.sh";
    }
    auto store = Open();
    ASSERT_OK(store);
    store_ = std::move(store).value();
  }

  Result<std::unique_ptr<HistoryStore>> Open(const HistoryOptions& options = {}) {
    return OpenHistoryStore(location_->url(), options);
  }

  std::unique_ptr<StoreLocation> location_;
  std::unique_ptr<HistoryStore> store_;
};

inline std::string BackendName(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

}  // namespace oracle::testing

#define ORACLE_INSTANTIATE_STORE_TESTS(suite)                                 \
  INSTANTIATE_TEST_SUITE_P(Backends, suite,                                   \
                           ::testing::Values("sqlite", "postgresql"),         \
                           ::oracle::testing::BackendName)

#endif  // ORACLE_TESTS_HISTORY_STORE_FIXTURE_H_
