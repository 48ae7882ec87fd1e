// A Node addon with one job: load a TensorFlow op library into the TensorFlow runtime that
// tfjs-node already runs (TF_LoadLibrary), so that tfjs-node's backend can run its ops by name.
// tfjs-node's own addon does not expose TF_LoadLibrary.
#include <node_api.h>

#include <string>

#include "tensorflow/c/c_api.h"

static napi_value Throw(napi_env env, const std::string& msg) {
  napi_throw_error(env, nullptr, msg.c_str());
  return nullptr;
}

// load(path): registers the library's ops and kernels; throws TensorFlow's message on failure.
static napi_value Load(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < 1) return Throw(env, "load(path): path missing");
  size_t len = 0;
  if (napi_get_value_string_utf8(env, argv[0], nullptr, 0, &len) != napi_ok) return Throw(env, "load(path): path must be a string");
  std::string path(len, '\0');
  napi_get_value_string_utf8(env, argv[0], path.data(), len + 1, &len);
  TF_Status* status = TF_NewStatus();
  TF_Library* lib = TF_LoadLibrary(path.c_str(), status);
  const bool ok = TF_GetCode(status) == TF_OK;
  const std::string message = ok ? "" : TF_Message(status);
  TF_DeleteStatus(status);
  if (!ok) return Throw(env, "TF_LoadLibrary(" + path + "): " + message);
  (void)lib;  // kept loaded for the life of the process, as TensorFlow expects
  napi_value result;
  napi_get_boolean(env, true, &result);
  return result;
}

// version(): the version of the TensorFlow runtime in this process (TF_Version()).
static napi_value Version(napi_env env, napi_callback_info) {
  napi_value result;
  napi_create_string_utf8(env, TF_Version(), NAPI_AUTO_LENGTH, &result);
  return result;
}

static napi_value Init(napi_env env, napi_value exports) {
  napi_value fn;
  napi_create_function(env, "load", NAPI_AUTO_LENGTH, Load, nullptr, &fn);
  napi_set_named_property(env, exports, "load", fn);
  napi_create_function(env, "version", NAPI_AUTO_LENGTH, Version, nullptr, &fn);
  napi_set_named_property(env, exports, "version", fn);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
