// Internals of the history store shared with its tests.
#ifndef ORACLE_SRC_HISTORY_STORE_INTERNAL_H_
#define ORACLE_SRC_HISTORY_STORE_INTERNAL_H_

#include <memory>
#include <string>
#include <string_view>

#include "common/e164_internal.h"
#include "oracle/history.h"

namespace oracle::internal {

// "+2250707123456" -> "+225070****56".
std::string MaskNumber(std::string_view e164);
// Hex HMAC-SHA256.
std::string HmacHex(std::string_view key, std::string_view data);
// Forward order of delivery statuses (higher never moves back).
int DeliveryRank(DeliveryStatus s);

// Opens a store and migrates it to `schema_version` only (tests make old
// stores with it).
Result<std::unique_ptr<HistoryStore>> OpenHistoryStoreAt(
    const std::string& url, const HistoryOptions& options, int schema_version);

}  // namespace oracle::internal

#endif  // ORACLE_SRC_HISTORY_STORE_INTERNAL_H_
