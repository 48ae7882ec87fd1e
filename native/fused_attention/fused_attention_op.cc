// AttentionLabFusedAttention: softmax(Q K^T * scale + bias, causal/window masks) V in one
// TensorFlow op, never writing the (nQ, nK) scores to memory. For each (batch/head, query
// block) unit, key blocks are visited in order with FlashAttention-2's online softmax:
// per query row a running max m and sum l, the output accumulated un-normalised and
// rescaled by exp(m_old - m_new) when the max grows, divided by l once at the end. Tiles
// wholly above the diagonal (causal) or before the window are never visited; masks are
// applied per tile, only to tiles that cross the diagonal or the window's edge. The two
// tile products are BLAS sgemm calls; units run on the op's CPU device thread pool.
// A row that sees no key at all (every score -inf) gives zeros, as src/attention does.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <vector>

#include "tensorflow/core/framework/op.h"
#include "tensorflow/core/framework/op_kernel.h"
#include "tensorflow/core/framework/shape_inference.h"
#include "tensorflow/core/platform/blocking_counter.h"

#if defined(ATTENTION_LAB_DNNL)
#include <dnnl.h>
#define BLAS_NAME "oneDNN"
extern "C" void omp_set_num_threads(int);
// Tiles are spread over TensorFlow's threads; each sgemm runs on its caller's thread only
// (Debian's oneDNN is built with OpenMP, whose team would fight TensorFlow's threads).
static void blasOnThisThreadOnly() { omp_set_num_threads(1); }
static void sgemm(bool transB, int64_t M, int64_t N, int64_t K, const float* A, int64_t lda, const float* B,
                  int64_t ldb, float beta, float* C, int64_t ldc) {
  dnnl_sgemm('N', transB ? 'T' : 'N', M, N, K, 1.0f, A, lda, B, ldb, beta, C, ldc);
}
#else
#include <cblas.h>
#define BLAS_NAME "OpenBLAS"
// Tiles are spread over TensorFlow's threads; each sgemm runs on its caller's thread only
// (OpenBLAS's own threads, woken per small call, made the op 100 times slower).
static void blasOnThisThreadOnly() { openblas_set_num_threads(1); }
static void sgemm(bool transB, int64_t M, int64_t N, int64_t K, const float* A, int64_t lda, const float* B,
                  int64_t ldb, float beta, float* C, int64_t ldc) {
  cblas_sgemm(CblasRowMajor, CblasNoTrans, transB ? CblasTrans : CblasNoTrans, M, N, K, 1.0f, A, lda, B, ldb, beta,
              C, ldc);
}
#endif

namespace {

using tensorflow::DEVICE_CPU;
using tensorflow::OpKernel;
using tensorflow::OpKernelConstruction;
using tensorflow::OpKernelContext;
using tensorflow::Tensor;
using tensorflow::TensorShape;
using tensorflow::errors::InvalidArgument;

constexpr float kNegInf = -std::numeric_limits<float>::infinity();

// Row loops on 16 floats at a time with GCC's vector extensions: AVX-512 where the CPU has
// it, two AVX2 halves elsewhere (the build uses -march=native). The compiler left the plain
// loops scalar (std::floor, the select, the in-place write).
typedef float f16 __attribute__((vector_size(64)));
typedef int32_t i16 __attribute__((vector_size(64)));

static inline f16 load16(const float* p) {
  f16 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
static inline void store16(float* p, f16 v) { std::memcpy(p, &v, sizeof v); }

// exp(v) on 16 lanes: Cephes' expf polynomial on v = n ln2 + r (n rounded to nearest by the
// 1.5 * 2^23 trick), exactly 0 below -87.3 (so -inf gives 0).
static inline f16 exp16(f16 v) {
  const f16 lo = v < -87.3f ? f16{} + 1.0f : f16{};  // 1 where it underflows
  v = v < -87.3f ? f16{} - 87.3f : v;
  v = v > 88.7f ? f16{} + 88.7f : v;
  const f16 n = (v * 1.44269504088896341f + 12582912.0f) - 12582912.0f;
  f16 r = v - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  f16 p = f16{} + 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.0f;
  const i16 bits = (__builtin_convertvector(n, i16) + 127) << 23;
  f16 two;
  std::memcpy(&two, &bits, sizeof two);
  const f16 e = p * two;
  return lo > 0.0f ? f16{} : e;
}

static inline float expScalar(float v) {
  f16 x = f16{} + v;
  return exp16(x)[0];
}

// The largest of x[0..n).
static inline float rowMax(const float* x, int64_t n) {
  f16 m = f16{} - std::numeric_limits<float>::infinity();
  int64_t c = 0;
  for (; c + 16 <= n; c += 16) {
    const f16 v = load16(x + c);
    m = v > m ? v : m;
  }
  float r = -std::numeric_limits<float>::infinity();
  for (int i = 0; i < 16; ++i) r = std::max(r, m[i]);
  for (; c < n; ++c) r = std::max(r, x[c]);
  return r;
}

// x = exp(x - shift) in place; returns the sum of the new x.
static inline float expRow(float* x, float shift, int64_t n) {
  f16 acc = f16{};
  int64_t c = 0;
  for (; c + 16 <= n; c += 16) {
    const f16 e = exp16(load16(x + c) - shift);
    store16(x + c, e);
    acc += e;
  }
  float sum = 0.0f;
  for (int i = 0; i < 16; ++i) sum += acc[i];
  for (; c < n; ++c) {
    x[c] = expScalar(x[c] - shift);
    sum += x[c];
  }
  return sum;
}

// Time per phase, summed over threads, when ATTENTION_LAB_FUSED_PROFILE names a file: each
// call then overwrites it with one JSON line (read by the bench's profile step).
enum Phase { kScores, kSoftmax, kValues, kPhases };
static const char* const kPhaseNames[kPhases] = {"scoresGemm", "maskSoftmax", "valuesGemm"};
using Clock = std::chrono::steady_clock;
static inline int64_t nanos(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(b - a).count();
}

class FusedAttentionOp : public OpKernel {
 public:
  explicit FusedAttentionOp(OpKernelConstruction* ctx) : OpKernel(ctx) {
    OP_REQUIRES_OK(ctx, ctx->GetAttr("scale", &scale_));
    OP_REQUIRES_OK(ctx, ctx->GetAttr("causal", &causal_));
    OP_REQUIRES_OK(ctx, ctx->GetAttr("window", &window_));
    OP_REQUIRES_OK(ctx, ctx->GetAttr("block_q", &blockQ_));
    OP_REQUIRES_OK(ctx, ctx->GetAttr("block_k", &blockK_));
    OP_REQUIRES(ctx, blockQ_ > 0 && blockK_ > 0, InvalidArgument("block sizes must be positive"));
    OP_REQUIRES(ctx, window_ >= 0, InvalidArgument("window must be >= 0 (0: none)"));
  }

  void Compute(OpKernelContext* ctx) override {
    const Tensor& q = ctx->input(0);
    const Tensor& k = ctx->input(1);
    const Tensor& v = ctx->input(2);
    const Tensor& bias = ctx->input(3);
    OP_REQUIRES(ctx, q.dims() == 3 && k.dims() == 3 && v.dims() == 3,
                InvalidArgument("query, key, value must be rank 3 (batch*heads, N, d)"));
    const int64_t B = q.dim_size(0), nQ = q.dim_size(1), d = q.dim_size(2);
    const int64_t nK = k.dim_size(1), dv = v.dim_size(2);
    OP_REQUIRES(ctx, k.dim_size(0) == B && v.dim_size(0) == B && k.dim_size(2) == d && v.dim_size(1) == nK,
                InvalidArgument("query, key, value shapes do not agree"));
    const bool hasBias = bias.NumElements() > 0;
    int64_t bB = 0, bQ = 0, bK = 0;  // bias strides: 0 where the bias broadcasts
    if (hasBias) {
      OP_REQUIRES(ctx, bias.dims() == 3, InvalidArgument("bias must be rank 3 (1 or batch*heads, 1 or nQ, 1 or nK)"));
      const int64_t b0 = bias.dim_size(0), b1 = bias.dim_size(1), b2 = bias.dim_size(2);
      OP_REQUIRES(ctx, (b0 == 1 || b0 == B) && (b1 == 1 || b1 == nQ) && (b2 == 1 || b2 == nK),
                  InvalidArgument("bias does not broadcast to (batch*heads, nQ, nK)"));
      bK = b2 == 1 ? 0 : 1;
      bQ = b1 == 1 ? 0 : b2;
      bB = b0 == 1 ? 0 : b1 * b2;
    }
    Tensor* out = nullptr;
    OP_REQUIRES_OK(ctx, ctx->allocate_output(0, TensorShape({B, nQ, dv}), &out));
    if (out->NumElements() == 0) return;

    const float* Q = q.flat<float>().data();
    const float* K = k.flat<float>().data();
    const float* V = v.flat<float>().data();
    const float* Bias = hasBias ? bias.flat<float>().data() : nullptr;
    float* O = out->flat<float>().data();
    const int64_t Br = std::min<int64_t>(blockQ_, nQ), Bc = std::min<int64_t>(blockK_, nK);
    const int64_t nQB = (nQ + Br - 1) / Br;
    const bool causal = causal_ || window_ > 0;
    const int64_t window = window_;
    const float scale = scale_;

    // One unit = one query block of one batch/head. Later query blocks see more keys when
    // causal, so they are handed out first.
    const int64_t units = B * nQB;
    const char* profilePath = std::getenv("ATTENTION_LAB_FUSED_PROFILE");
    const bool profile = profilePath != nullptr && profilePath[0] != '\0';
    std::atomic<int64_t> phaseNs[kPhases] = {};
    const Clock::time_point callStart = Clock::now();
    auto runUnit = [&](int64_t u, std::vector<float>& buf) {
      int64_t spent[kPhases] = {};
      Clock::time_point t0 = profile ? Clock::now() : Clock::time_point();
      auto lap = [&](Phase p) {
        if (!profile) return;
        const Clock::time_point t1 = Clock::now();
        spent[p] += nanos(t0, t1);
        t0 = t1;
      };
      const int64_t qb = nQB - 1 - u / B, b = u % B;
      const int64_t i0 = qb * Br, i1 = std::min(nQ, i0 + Br), rows = i1 - i0;
      const int64_t kStart = window > 0 ? std::max<int64_t>(0, i0 - window + 1) : 0;
      const int64_t kEnd = causal ? std::min(nK, i1) : nK;
      float* Qs = buf.data();       // rows x d, scaled
      float* S = Qs + Br * d;       // rows x Bc scores, then probabilities
      float* Acc = S + Br * Bc;     // rows x dv, un-normalised output
      float* m = Acc + Br * dv;     // running max
      float* l = m + Br;            // running sum
      const float* Qb = Q + (b * nQ + i0) * d;
      for (int64_t x = 0; x < rows * d; ++x) Qs[x] = Qb[x] * scale;
      std::fill(Acc, Acc + rows * dv, 0.0f);
      std::fill(m, m + rows, kNegInf);
      std::fill(l, l + rows, 0.0f);
      for (int64_t j0 = kStart; j0 < kEnd; j0 += Bc) {
        const int64_t j1 = std::min(kEnd, j0 + Bc), cols = j1 - j0;
        sgemm(true, rows, cols, d, Qs, d, K + (b * nK + j0) * d, d, 0.0f, S, cols);  // S = Qs K_j^T
        lap(kScores);
        if (hasBias) {
          const float* bb = Bias + b * bB + i0 * bQ + j0 * bK;
          for (int64_t r = 0; r < rows; ++r) {
            float* s = S + r * cols;
            const float* br = bb + r * bQ;
            for (int64_t c = 0; c < cols; ++c) s[c] += br[c * bK];
          }
        }
        const bool crossesDiagonal = causal && j1 - 1 > i0;
        const bool crossesWindow = window > 0 && j0 <= i1 - 1 - window;
        if (crossesDiagonal || crossesWindow) {
          for (int64_t r = 0; r < rows; ++r) {
            const int64_t i = i0 + r;
            float* s = S + r * cols;
            // visible: i - window < j <= i
            const int64_t hi = std::min<int64_t>(cols, std::max<int64_t>(0, i - j0 + 1));
            for (int64_t c = hi; c < cols; ++c) s[c] = kNegInf;
            if (window > 0) {
              const int64_t lo = std::min<int64_t>(cols, std::max<int64_t>(0, i - window + 1 - j0));
              for (int64_t c = 0; c < lo; ++c) s[c] = kNegInf;
            }
          }
        }
        // Online softmax, row by row.
        for (int64_t r = 0; r < rows; ++r) {
          float* s = S + r * cols;
          const float mNew = std::max(m[r], rowMax(s, cols));
          if (mNew == kNegInf) {  // nothing visible yet in this row
            std::fill(s, s + cols, 0.0f);
            continue;
          }
          const float sum = expRow(s, mNew, cols);
          if (m[r] != mNew) {
            const float alpha = m[r] == kNegInf ? 0.0f : expScalar(m[r] - mNew);
            float* a = Acc + r * dv;
            for (int64_t c = 0; c < dv; ++c) a[c] *= alpha;
            l[r] *= alpha;
            m[r] = mNew;
          }
          l[r] += sum;
        }
        lap(kSoftmax);
        sgemm(false, rows, dv, cols, S, cols, V + (b * nK + j0) * dv, dv, 1.0f, Acc, dv);  // Acc += P V_j
        lap(kValues);
      }
      float* Ob = O + (b * nQ + i0) * dv;
      for (int64_t r = 0; r < rows; ++r) {
        const float inv = l[r] > 0.0f ? 1.0f / l[r] : 0.0f;
        for (int64_t c = 0; c < dv; ++c) Ob[r * dv + c] = Acc[r * dv + c] * inv;
      }
      lap(kSoftmax);
      if (profile)
        for (int p = 0; p < kPhases; ++p) phaseNs[p] += spent[p];
    };

    const auto* threads = ctx->device()->tensorflow_cpu_worker_threads();
    const int64_t workers = std::min<int64_t>(threads->num_threads, units);
    const size_t bufSize = Br * d + Br * Bc + Br * dv + 2 * Br;
    std::atomic<int64_t> next{0};
    auto work = [&]() {
      blasOnThisThreadOnly();
      std::vector<float> buf(bufSize);
      for (int64_t u; (u = next.fetch_add(1)) < units;) runUnit(u, buf);
    };
    tensorflow::BlockingCounter done(static_cast<int>(workers - 1));
    for (int64_t t = 1; t < workers; ++t)
      threads->workers->Schedule([&]() {
        work();
        done.DecrementCount();
      });
    work();
    done.Wait();
    if (profile) {
      if (FILE* f = std::fopen(profilePath, "w")) {
        std::fprintf(f, "{\"wallMs\": %.3f, \"threads\": %lld, \"units\": %lld, \"tile\": [%lld, %lld]",
                     nanos(callStart, Clock::now()) / 1e6, static_cast<long long>(workers),
                     static_cast<long long>(units), static_cast<long long>(Br), static_cast<long long>(Bc));
        for (int p = 0; p < kPhases; ++p) std::fprintf(f, ", \"%sMs\": %.3f", kPhaseNames[p], phaseNs[p] / 1e6);
        std::fprintf(f, "}\n");
        std::fclose(f);
      }
    }
  }

 private:
  float scale_;
  bool causal_;
  int64_t window_, blockQ_, blockK_;
};

}  // namespace

REGISTER_OP("AttentionLabFusedAttention")
    .Input("query: float")  // (B, nQ, d), B = batch * heads
    .Input("key: float")    // (B, nK, d)
    .Input("value: float")  // (B, nK, dv)
    .Input("bias: float")   // (1 or B, 1 or nQ, 1 or nK) additive, -inf = hidden; 0 elements = none
    .Output("output: float")  // (B, nQ, dv)
    .Attr("scale: float")
    .Attr("causal: bool = false")
    .Attr("window: int = 0")
    .Attr("block_q: int = 128")
    .Attr("block_k: int = 256")
    .SetShapeFn([](tensorflow::shape_inference::InferenceContext* c) {
      c->set_output(0, c->MakeShape({c->Dim(c->input(0), 0), c->Dim(c->input(0), 1), c->Dim(c->input(2), 2)}));
      return absl::OkStatus();
    });

REGISTER_KERNEL_BUILDER(Name("AttentionLabFusedAttention").Device(DEVICE_CPU), FusedAttentionOp);

// Which BLAS this build uses, for describeBackend().
extern "C" const char* attention_lab_fused_blas() { return BLAS_NAME; }
