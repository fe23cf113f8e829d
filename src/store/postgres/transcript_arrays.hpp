// A batch of transcript entries as the array parameters of one statement (INSERT … SELECT FROM
// unnest(…)): one PostgreSQL array literal per column, so a batch of any size is one statement
// with a fixed number of parameters, prepared once.
#pragma once

#include <string>
#include <vector>

#include "store/model.hpp"
#include "store/postgres/connection.hpp"

namespace irtc::store::postgres {

// Adds to `params`, in this order, the arrays of the entries' item_id, speaker, text, start_ms,
// end_ms, confidence, final and source; with `seqAndCreatedAt` also seq and created_at.
void addEntryArrays(Params& params, const std::vector<TranscriptEntry>& entries, bool seqAndCreatedAt);

// The array literal of the entries' item ids.
std::string itemIdArray(const std::vector<TranscriptEntry>& entries);

}  // namespace irtc::store::postgres
