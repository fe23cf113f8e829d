#include "store/postgres/transcript_arrays.hpp"

namespace irtc::store::postgres {
namespace {

// A PostgreSQL array literal of the values, each quoted (NULL for nullopt).
class ArrayLiteral {
 public:
  void add(std::string_view value) {
    text_ += text_.empty() ? "{\"" : ",\"";
    for (char c : value) {
      if (c == '"' || c == '\\') text_ += '\\';
      text_ += c;
    }
    text_ += '"';
  }
  void add(const std::string& value) { add(std::string_view(value)); }
  void add(const std::optional<std::string>& value) {
    if (value) return add(std::string_view(*value));
    text_ += text_.empty() ? "{NULL" : ",NULL";
  }
  void add(std::int64_t value) { add(std::string_view(std::to_string(value))); }
  std::string take() && {
    text_ += text_.empty() ? "{}" : "}";
    return std::move(text_);
  }

 private:
  std::string text_;
};

}  // namespace

void addEntryArrays(Params& params, const std::vector<TranscriptEntry>& entries, bool seqAndCreatedAt) {
  ArrayLiteral item, speaker, text, start, end, confidence, final, source, seq, created;
  for (const TranscriptEntry& e : entries) {
    item.add(e.itemId);
    speaker.add(speakerName(e.speaker));
    text.add(e.text);
    start.add(e.startMs);
    end.add(e.endMs);
    confidence.add(e.confidence ? std::optional<std::string>(formatDouble(*e.confidence)) : std::nullopt);
    final.add(std::string_view(e.final ? "true" : "false"));
    source.add(e.source);
    if (seqAndCreatedAt) {
      seq.add(e.seq);
      created.add(e.createdAt);
    }
  }
  for (ArrayLiteral* a : {&item, &speaker, &text, &start, &end, &confidence, &final, &source})
    params.add(std::move(*a).take());
  if (seqAndCreatedAt) params.add(std::move(seq).take()).add(std::move(created).take());
}

std::string itemIdArray(const std::vector<TranscriptEntry>& entries) {
  ArrayLiteral items;
  for (const TranscriptEntry& e : entries) items.add(e.itemId);
  return std::move(items).take();
}

}  // namespace irtc::store::postgres
