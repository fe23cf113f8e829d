#include "engine/speech/pocketsphinx_channel.hpp"

#include <sphinxbase/fe.h>

#include <array>
#include <vector>

namespace irtc::engine::pocketsphinx {

FrontEndSettings::FrontEndSettings(ps_decoder_t* decoder) : config_(cmd_ln_retain(ps_get_config(decoder))) {}

FrontEndSettings::~FrontEndSettings() {
  cmd_ln_free_r(config_);
}

fe_t* FrontEndSettings::makeFrontEnd() {
  std::lock_guard lock(mutex_);
  // The front end takes a reference of its own (its documentation says it takes over the
  // caller's; LeakSanitizer showed one more reference than there were releases).
  return fe_init_auto_r(config_);
}

void FrontEndSettings::freeFrontEnd(fe_t* frontEnd) {
  std::lock_guard lock(mutex_);
  fe_free(frontEnd);
}

namespace {

class CepstralMean final : public ChannelEstimator {
 public:
  explicit CepstralMean(std::shared_ptr<FrontEndSettings> settings)
      : settings_(std::move(settings)), frontEnd_(settings_->makeFrontEnd()) {
    if (frontEnd_ == nullptr) return;
    size_ = fe_get_output_size(frontEnd_);
    sum_.assign(static_cast<std::size_t>(size_), 0.0);
    for (auto& row : rows_) row.assign(static_cast<std::size_t>(size_), 0);
    for (std::size_t i = 0; i < rows_.size(); ++i) rowPointers_[i] = rows_[i].data();
    fe_start_utt(frontEnd_);
  }
  ~CepstralMean() override {
    if (frontEnd_ != nullptr) settings_->freeFrontEnd(frontEnd_);
  }
  CepstralMean(const CepstralMean&) = delete;
  CepstralMean& operator=(const CepstralMean&) = delete;

  void add(const int16_t* samples, std::size_t count) override {
    if (frontEnd_ == nullptr) return;
    // The front end keeps the samples of an incomplete frame for the next call.
    while (count > 0) {
      auto frames = static_cast<int32>(rows_.size());
      if (fe_process_frames(frontEnd_, &samples, &count, rowPointers_.data(), &frames, nullptr) < 0) return;
      accumulate(frames);
      if (frames == 0) break;
    }
  }

  ChannelEstimate take() override {
    ChannelEstimate mean;
    if (frames_ > 0) {
      mean.reserve(sum_.size());
      for (double& s : sum_) {
        mean.push_back(static_cast<float>(s / static_cast<double>(frames_)));
        s = 0;
      }
    }
    frames_ = 0;
    return mean;
  }

 private:
  void accumulate(int32 frames) {
    for (int32 f = 0; f < frames; ++f) {
      for (int32 k = 0; k < size_; ++k) sum_[static_cast<std::size_t>(k)] += rowPointers_[f][k];
    }
    frames_ += frames;
  }

  static constexpr std::size_t kFramesPerCall = 8;
  std::shared_ptr<FrontEndSettings> settings_;
  fe_t* frontEnd_;
  int32 size_ = 0;
  std::array<std::vector<mfcc_t>, kFramesPerCall> rows_;
  std::array<mfcc_t*, kFramesPerCall> rowPointers_{};
  std::vector<double> sum_;
  long frames_ = 0;
};

}  // namespace

std::unique_ptr<ChannelEstimator> makeChannelEstimator(std::shared_ptr<FrontEndSettings> settings) {
  return std::make_unique<CepstralMean>(std::move(settings));
}

}  // namespace irtc::engine::pocketsphinx
