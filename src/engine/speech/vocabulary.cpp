#include "engine/speech/vocabulary.hpp"

#include <sphinxbase/err.h>
#include <sphinxbase/logmath.h>
#include <sphinxbase/ngram_model.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace irtc::engine {

namespace {

// The base of pocketsphinx's own log tables; scores are only compared with each other here.
constexpr double kLogBase = 1.0001;

struct ModelDeleter {
  void operator()(ngram_model_t* model) const { ngram_model_free(model); }
};
struct LogmathDeleter {
  void operator()(logmath_t* lmath) const { logmath_free(lmath); }
};

std::string baseWord(const std::string& entry) {
  const std::size_t end = entry.find_first_of(" \t(");
  return entry.substr(0, end);
}

}  // namespace

std::string mostProbableWords(const std::string& lmPath, const std::string& dictPath, std::size_t words) {
  // sphinxbase logs to stderr by default, which would break the one-JSON-object-per-line log;
  // the decoders turn it off process-wide in the same way (-logfn /dev/null).
  err_set_logfp(nullptr);
  std::unique_ptr<logmath_t, LogmathDeleter> lmath(logmath_init(kLogBase, 0, FALSE));
  std::unique_ptr<ngram_model_t, ModelDeleter> model(
      ngram_model_read(nullptr, lmPath.c_str(), NGRAM_AUTO, lmath.get()));
  if (!model) throw std::runtime_error("cannot read the language model " + lmPath);
  std::ifstream in(dictPath);
  if (!in) throw std::runtime_error("cannot read the dictionary " + dictPath);

  std::vector<std::string> entries;
  std::unordered_map<std::string, int32> scores;  // words the model knows
  const int32 unknown = ngram_unknown_wid(model.get());
  for (std::string line; std::getline(in, line);) {
    const std::string word = baseWord(line);
    if (word.empty() || word[0] == '<' || word[0] == '[') continue;
    entries.push_back(std::move(line));
    if (scores.contains(word)) continue;
    const int32 wid = ngram_wid(model.get(), word.c_str());
    if (wid != unknown && wid != NGRAM_INVALID_WID)
      scores.emplace(word, ngram_score(model.get(), word.c_str(), nullptr));
  }

  std::vector<std::pair<int32, std::string>> ranked;
  ranked.reserve(scores.size());
  for (auto& [word, score] : scores) ranked.emplace_back(score, word);
  const std::size_t kept = std::min(words, ranked.size());
  // Ties broken by the word, so the vocabulary does not depend on hash order.
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(kept), ranked.end(),
                    [](const auto& a, const auto& b) {
                      return a.first != b.first ? a.first > b.first : a.second < b.second;
                    });
  std::unordered_set<std::string> keep;
  for (std::size_t i = 0; i < kept; ++i) keep.insert(ranked[i].second);

  std::string dictionary;
  for (const std::string& entry : entries) {
    if (keep.contains(baseWord(entry))) dictionary.append(entry).append("\n");
  }
  return dictionary;
}

}  // namespace irtc::engine
