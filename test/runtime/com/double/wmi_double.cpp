// A test double of WMI's COM surface, built with g++ into a shared library during test
// set-up and loaded by the COM runtime through the very same koffi code path it uses on
// Windows. The library plays both roles the runtime expects from Windows:
//   - the platform (ole32/oleaut32): CoInitializeEx, CoCreateInstance, CoSetProxyBlanket,
//     SysAllocString/SysFreeString, VariantClear, SafeArray*;
//   - WMI: IWbemLocator, IWbemServices, IWbemCallResult, IEnumWbemClassObject,
//     IWbemClassObject, IWbemQualifierSet, calling an IWbemObjectSink built in JS.
// The interfaces are C++ classes whose virtual functions follow the IDL order, which is
// exactly the COM vtable layout under the Itanium C++ ABI (no virtual destructor).
//
// Behaviour, driven by the object path / query / namespace (see test/runtime/com/double.ts):
//   - namespace root\slow: ConnectServer sleeps 2 s (must run off the JS thread);
//     root\missing: WBEM_E_INVALID_NAMESPACE;
//   - class Widget: instances Id=1..N (N = option "widgets"), every CIM type as a
//     property, methods Add, Echo (copies every in-parameter to the out-parameters);
//   - class Slow: semisynchronous results that need 2 s (GetCallStatus says
//     WBEM_S_TIMEDOUT until then; a non-zero timeout really blocks, so a runtime that
//     waits on the JS thread is caught by the event-loop delay test);
//   - semisynchronous results need "polls" GetCallStatus calls before they are ready;
//     option "wine_sync" = 1 answers S_OK with a NULL call result, as Wine does;
//   - enumerations hand out one object every "interval_ms";
//   - class Stuck: a synchronous provider that ignores WBEM_FLAG_RETURN_IMMEDIATELY and
//     WBEM_NO_WAIT: ExecQuery and then each Next block for "block_ms" (default 3000);
//     option "sync_ms" makes every ExecQuery and Next block that long (Wine evaluates
//     every query inside ExecQuery);
//   - apartments: CoInitializeEx is tracked per thread (a thread asking for another model
//     gets RPC_E_CHANGED_MODE), CoIncrementMTAUsage keeps the MTA for threads that never
//     initialised COM; every call that can wait on WMI counts whether it ran on the JS
//     thread (marked with double_mark_js_thread) and whether its thread was in the MTA;
//   - every AddRef/Release, BSTR, SAFEARRAY and COM initialisation is counted.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

typedef int32_t HRESULT;
typedef char16_t OLECHAR;
typedef OLECHAR *BSTR;
typedef const OLECHAR *LPCWSTR;
typedef uint16_t VARTYPE;
typedef int32_t CIMTYPE;
typedef int16_t VARIANT_BOOL;

#define EXPORT extern "C" __attribute__((visibility("default")))

static const HRESULT S_OK = 0;
static const HRESULT S_FALSE = 1;
static const HRESULT E_NOTIMPL = (HRESULT)0x80004001;
static const HRESULT E_NOINTERFACE = (HRESULT)0x80004002;
static const HRESULT E_POINTER = (HRESULT)0x80004003;
static const HRESULT E_INVALIDARG = (HRESULT)0x80070057;
static const HRESULT E_OUTOFMEMORY = (HRESULT)0x8007000E;
static const HRESULT CO_E_NOTINITIALIZED = (HRESULT)0x800401F0;
static const HRESULT REGDB_E_CLASSNOTREG = (HRESULT)0x80040154;
static const HRESULT DISP_E_BADINDEX = (HRESULT)0x8002000B;
static const HRESULT WBEM_S_NO_MORE_DATA = 0x40005;
static const HRESULT WBEM_S_TIMEDOUT = 0x40004;
static const HRESULT WBEM_E_FAILED = (HRESULT)0x80041001;
static const HRESULT WBEM_E_NOT_FOUND = (HRESULT)0x80041002;
static const HRESULT WBEM_E_INVALID_PARAMETER = (HRESULT)0x80041008;
static const HRESULT WBEM_E_INVALID_CLASS = (HRESULT)0x80041010;
static const HRESULT WBEM_E_INVALID_QUERY_TYPE = (HRESULT)0x80041018;
static const HRESULT WBEM_E_INVALID_NAMESPACE = (HRESULT)0x8004100E;
static const HRESULT WBEM_E_INVALID_METHOD = (HRESULT)0x8004102E;
static const HRESULT WBEM_E_CALL_CANCELLED = (HRESULT)0x80041032;
static const HRESULT WBEM_E_ACCESS_DENIED = (HRESULT)0x80041003;

enum : VARTYPE {
  VT_EMPTY = 0, VT_NULL = 1, VT_I2 = 2, VT_I4 = 3, VT_R4 = 4, VT_R8 = 5, VT_BSTR = 8,
  VT_DISPATCH = 9, VT_BOOL = 11, VT_VARIANT = 12, VT_UNKNOWN = 13, VT_I1 = 16, VT_UI1 = 17,
  VT_UI2 = 18, VT_UI4 = 19, VT_I8 = 20, VT_UI8 = 21, VT_ARRAY = 0x2000
};
enum : CIMTYPE {
  CIM_SINT8 = 16, CIM_UINT8 = 17, CIM_SINT16 = 2, CIM_UINT16 = 18, CIM_SINT32 = 3,
  CIM_UINT32 = 19, CIM_SINT64 = 20, CIM_UINT64 = 21, CIM_REAL32 = 4, CIM_REAL64 = 5,
  CIM_BOOLEAN = 11, CIM_STRING = 8, CIM_DATETIME = 101, CIM_REFERENCE = 102,
  CIM_CHAR16 = 103, CIM_OBJECT = 13, CIM_FLAG_ARRAY = 0x2000
};
static const int32_t WBEM_FLAG_RETURN_IMMEDIATELY = 0x10;
static const int32_t WBEM_FLAG_SYSTEM_ONLY = 0x30;
static const int32_t WBEM_FLAG_NONSYSTEM_ONLY = 0x40;
static const int32_t WBEM_FLAVOR_ORIGIN_SYSTEM = 0x40;

struct GUID {
  uint32_t d1;
  uint16_t d2, d3;
  uint8_t d4[8];
};
static bool operator==(const GUID &a, const GUID &b) { return memcmp(&a, &b, sizeof(GUID)) == 0; }

// The double checks the GUIDs the runtime sends (taken by the runtime from the
// generated wbemcli bindings) against the published values.
static const GUID IID_IUnknown = {0x00000000, 0x0000, 0x0000, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};
static const GUID IID_IWbemLocator = {0xdc12a687, 0x737f, 0x11cf, {0x88, 0x4d, 0x00, 0xaa, 0x00, 0x4b, 0x2e, 0x24}};
static const GUID CLSID_WbemLocator = {0x4590f811, 0x1d3a, 0x11d0, {0x89, 0x1f, 0x00, 0xaa, 0x00, 0x4b, 0x2e, 0x24}};
static const GUID IID_IWbemServices = {0x9556dc99, 0x828c, 0x11cf, {0xa3, 0x7e, 0x00, 0xaa, 0x00, 0x32, 0x40, 0xc7}};
static const GUID IID_IWbemClassObject = {0xdc12a681, 0x737f, 0x11cf, {0x88, 0x4d, 0x00, 0xaa, 0x00, 0x4b, 0x2e, 0x24}};
static const GUID IID_IWbemObjectSink = {0x7c857801, 0x7381, 0x11cf, {0x88, 0x4d, 0x00, 0xaa, 0x00, 0x4b, 0x2e, 0x24}};
static const GUID IID_IEnumWbemClassObject = {0x027947e1, 0xd731, 0x11ce, {0xa3, 0x57, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01}};
static const GUID IID_IWbemCallResult = {0x44aca675, 0xe8fc, 0x11d0, {0xa0, 0x7c, 0x00, 0xc0, 0x4f, 0xb6, 0x88, 0x20}};

// ---------------------------------------------------------------------------------
// Counters and options

static std::mutex g_mutex;
static std::map<std::string, int64_t> g_options;
static std::atomic<int64_t> g_liveObjects{0}, g_overReleases{0}, g_liveBstrs{0}, g_liveArrays{0};
static std::atomic<int64_t> g_cancelledCalls{0}, g_abandonedEnums{0}, g_polls{0}, g_blockingWaits{0};
static std::atomic<int64_t> g_comInit{0}, g_releaseAfterUninit{0}, g_blankets{0}, g_securityInit{0};
static std::atomic<int64_t> g_asyncCancels{0}, g_nextCalls{0}, g_connects{0}, g_propertyEnums{0};
static std::atomic<int64_t> g_nullInParams{0};
static std::atomic<int64_t> g_jsThreadCalls{0}, g_outsideMtaCalls{0}, g_wmiCalls{0}, g_mtaUsage{0}, g_threadInits{0};
static std::string g_lastUser, g_lastNamespace;
// 0: no COM on this thread, 1: MTA, 2: STA.
static thread_local int t_apartment = 0;
static std::thread::id g_jsThread;
static std::atomic<bool> g_jsThreadKnown{false};

// Entry of every call that can wait on WMI: counts where it runs.
static void enterWmi() {
  g_wmiCalls++;
  if (g_jsThreadKnown && std::this_thread::get_id() == g_jsThread) g_jsThreadCalls++;
  bool mta = t_apartment == 1 || (t_apartment == 0 && g_mtaUsage > 0);
  if (!mta) g_outsideMtaCalls++;
}
static void blockFor(int64_t ms) {
  if (ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}
static bool g_lastPasswordSet = false;

static int64_t option(const char *name, int64_t fallback) {
  std::lock_guard<std::mutex> lock(g_mutex);
  auto it = g_options.find(name);
  return it == g_options.end() ? fallback : it->second;
}

static int64_t nowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

// ---------------------------------------------------------------------------------
// BSTR, VARIANT, SAFEARRAY

EXPORT BSTR SysAllocStringLen(const OLECHAR *s, uint32_t len) {
  char *mem = (char *)malloc(4 + (len + 1) * 2);
  if (!mem) return nullptr;
  *(uint32_t *)mem = len * 2;
  BSTR b = (BSTR)(mem + 4);
  if (s) memcpy(b, s, len * 2);
  else memset(b, 0, len * 2);
  b[len] = 0;
  g_liveBstrs++;
  return b;
}
EXPORT BSTR SysAllocString(const OLECHAR *s) {
  if (!s) return nullptr;
  uint32_t n = 0;
  while (s[n]) n++;
  return SysAllocStringLen(s, n);
}
EXPORT void SysFreeString(BSTR b) {
  if (!b) return;
  g_liveBstrs--;
  free((char *)b - 4);
}
EXPORT uint32_t SysStringLen(BSTR b) { return b ? *(uint32_t *)((char *)b - 4) / 2 : 0; }

struct SAFEARRAYBOUND {
  uint32_t cElements;
  int32_t lLbound;
};
struct SAFEARRAY {
  uint16_t cDims;
  uint16_t fFeatures;
  uint32_t cbElements;
  uint32_t cLocks;
  void *pvData;
  SAFEARRAYBOUND rgsabound[1];
  VARTYPE vt;  // private to the double (Windows keeps it before the structure)
};

struct IUnknown;
struct VARIANT {
  VARTYPE vt;
  uint16_t r1, r2, r3;
  union {
    int64_t llVal;
    int32_t lVal;
    int16_t iVal;
    uint8_t bVal;
    VARIANT_BOOL boolVal;
    float fltVal;
    double dblVal;
    BSTR bstrVal;
    IUnknown *punkVal;
    SAFEARRAY *parray;
    struct {
      void *a, *b;
    } rec;
  };
};
static_assert(sizeof(VARIANT) == 24, "VARIANT is 24 bytes on x64");

struct IUnknown {
  virtual HRESULT QueryInterface(const GUID &iid, void **out) = 0;
  virtual uint32_t AddRef() = 0;
  virtual uint32_t Release() = 0;
};

static uint32_t elementSize(VARTYPE vt) {
  switch (vt) {
    case VT_I1: case VT_UI1: return 1;
    case VT_I2: case VT_UI2: case VT_BOOL: return 2;
    case VT_I4: case VT_UI4: case VT_R4: return 4;
    case VT_R8: case VT_I8: case VT_UI8: case VT_BSTR: case VT_UNKNOWN: case VT_DISPATCH: return 8;
    case VT_VARIANT: return sizeof(VARIANT);
    default: return 0;
  }
}

EXPORT SAFEARRAY *SafeArrayCreateVector(VARTYPE vt, int32_t lbound, uint32_t count) {
  uint32_t size = elementSize(vt);
  if (!size) return nullptr;
  SAFEARRAY *sa = (SAFEARRAY *)calloc(1, sizeof(SAFEARRAY));
  sa->cDims = 1;
  sa->cbElements = size;
  sa->pvData = calloc(count ? count : 1, size);
  sa->rgsabound[0].cElements = count;
  sa->rgsabound[0].lLbound = lbound;
  sa->vt = vt;
  g_liveArrays++;
  return sa;
}
EXPORT HRESULT VariantClear(VARIANT *v);
EXPORT HRESULT SafeArrayDestroy(SAFEARRAY *sa) {
  if (!sa) return S_OK;
  uint32_t n = sa->rgsabound[0].cElements;
  for (uint32_t i = 0; i < n; i++) {
    if (sa->vt == VT_BSTR) SysFreeString(((BSTR *)sa->pvData)[i]);
    else if (sa->vt == VT_UNKNOWN && ((IUnknown **)sa->pvData)[i]) ((IUnknown **)sa->pvData)[i]->Release();
    else if (sa->vt == VT_VARIANT) VariantClear(&((VARIANT *)sa->pvData)[i]);
  }
  free(sa->pvData);
  free(sa);
  g_liveArrays--;
  return S_OK;
}
EXPORT HRESULT SafeArrayGetLBound(SAFEARRAY *sa, uint32_t dim, int32_t *out) {
  if (!sa || dim != 1) return DISP_E_BADINDEX;
  *out = sa->rgsabound[0].lLbound;
  return S_OK;
}
EXPORT HRESULT SafeArrayGetUBound(SAFEARRAY *sa, uint32_t dim, int32_t *out) {
  if (!sa || dim != 1) return DISP_E_BADINDEX;
  *out = sa->rgsabound[0].lLbound + (int32_t)sa->rgsabound[0].cElements - 1;
  return S_OK;
}
EXPORT HRESULT SafeArrayGetVartype(SAFEARRAY *sa, VARTYPE *vt) {
  if (!sa) return E_INVALIDARG;
  *vt = sa->vt;
  return S_OK;
}
EXPORT HRESULT SafeArrayAccessData(SAFEARRAY *sa, void **data) {
  if (!sa) return E_INVALIDARG;
  sa->cLocks++;
  *data = sa->pvData;
  return S_OK;
}
EXPORT HRESULT SafeArrayUnaccessData(SAFEARRAY *sa) {
  if (!sa || !sa->cLocks) return E_INVALIDARG;
  sa->cLocks--;
  return S_OK;
}

EXPORT void VariantInit(VARIANT *v) { memset(v, 0, sizeof(VARIANT)); }
EXPORT HRESULT VariantClear(VARIANT *v) {
  if (!v) return E_POINTER;
  if (v->vt & VT_ARRAY) SafeArrayDestroy(v->parray);
  else if (v->vt == VT_BSTR) SysFreeString(v->bstrVal);
  else if ((v->vt == VT_UNKNOWN || v->vt == VT_DISPATCH) && v->punkVal) v->punkVal->Release();
  memset(v, 0, sizeof(VARIANT));
  return S_OK;
}
static HRESULT variantCopy(VARIANT *dst, const VARIANT *src);
static SAFEARRAY *arrayCopy(SAFEARRAY *src) {
  uint32_t n = src->rgsabound[0].cElements;
  SAFEARRAY *dst = SafeArrayCreateVector(src->vt, src->rgsabound[0].lLbound, n);
  for (uint32_t i = 0; i < n; i++) {
    if (src->vt == VT_BSTR) {
      BSTR s = ((BSTR *)src->pvData)[i];
      ((BSTR *)dst->pvData)[i] = s ? SysAllocStringLen(s, SysStringLen(s)) : nullptr;
    } else if (src->vt == VT_UNKNOWN) {
      IUnknown *u = ((IUnknown **)src->pvData)[i];
      if (u) u->AddRef();
      ((IUnknown **)dst->pvData)[i] = u;
    } else if (src->vt == VT_VARIANT) {
      variantCopy(&((VARIANT *)dst->pvData)[i], &((VARIANT *)src->pvData)[i]);
    } else {
      memcpy((char *)dst->pvData + i * src->cbElements, (char *)src->pvData + i * src->cbElements, src->cbElements);
    }
  }
  return dst;
}
static HRESULT variantCopy(VARIANT *dst, const VARIANT *src) {
  *dst = *src;
  if (src->vt & VT_ARRAY) dst->parray = arrayCopy(src->parray);
  else if (src->vt == VT_BSTR) dst->bstrVal = src->bstrVal ? SysAllocStringLen(src->bstrVal, SysStringLen(src->bstrVal)) : nullptr;
  else if (src->vt == VT_UNKNOWN && src->punkVal) src->punkVal->AddRef();
  return S_OK;
}

static std::u16string u16(const char *s) {
  std::u16string r;
  while (*s) r.push_back((char16_t)(unsigned char)*s++);
  return r;
}
static std::string narrow(const OLECHAR *s) {
  std::string r;
  if (!s) return r;
  while (*s) r.push_back((char)(*s++ & 0x7f));
  return r;
}
static std::string lower(std::string s) {
  for (auto &c : s) c = (char)tolower((unsigned char)c);
  return s;
}
static BSTR bstr(const std::string &s) {
  std::u16string w = u16(s.c_str());
  return SysAllocStringLen(w.data(), (uint32_t)w.size());
}

// ---------------------------------------------------------------------------------
// Reference counting base

static std::atomic<bool> g_comUp{false};

template <class Interface>
struct Counted : Interface {
  std::atomic<int32_t> refs{1};
  Counted() { g_liveObjects++; }
  virtual ~Counted() {}
  uint32_t AddRef() override { return (uint32_t)++refs; }
  uint32_t Release() override {
    if (!g_comUp) g_releaseAfterUninit++;
    int32_t n = --refs;
    if (n < 0) {
      g_overReleases++;
      refs = 0;
      return 0;
    }
    if (n == 0) {
      g_liveObjects--;
      destroy();
    }
    return (uint32_t)n;
  }
  // Objects are kept (not freed) after their last Release so that an over-release is
  // counted instead of crashing the test process; the memory is small and per test.
  virtual void destroy() { onLastRelease(); }
  virtual void onLastRelease() {}
};

struct IWbemQualifierSet : IUnknown {
  virtual HRESULT Get(LPCWSTR name, int32_t flags, VARIANT *val, int32_t *flavor) = 0;
  virtual HRESULT Put(LPCWSTR name, VARIANT *val, int32_t flavor) = 0;
  virtual HRESULT Delete(LPCWSTR name) = 0;
  virtual HRESULT GetNames(int32_t flags, SAFEARRAY **names) = 0;
  virtual HRESULT BeginEnumeration(int32_t flags) = 0;
  virtual HRESULT Next(int32_t flags, BSTR *name, VARIANT *val, int32_t *flavor) = 0;
  virtual HRESULT EndEnumeration() = 0;
};

struct IWbemClassObject : IUnknown {
  virtual HRESULT GetQualifierSet(IWbemQualifierSet **out) = 0;
  virtual HRESULT Get(LPCWSTR name, int32_t flags, VARIANT *val, CIMTYPE *type, int32_t *flavor) = 0;
  virtual HRESULT Put(LPCWSTR name, int32_t flags, VARIANT *val, CIMTYPE type) = 0;
  virtual HRESULT Delete(LPCWSTR name) = 0;
  virtual HRESULT GetNames(LPCWSTR qualifier, int32_t flags, VARIANT *qualifierVal, SAFEARRAY **names) = 0;
  virtual HRESULT BeginEnumeration(int32_t flags) = 0;
  virtual HRESULT Next(int32_t flags, BSTR *name, VARIANT *val, CIMTYPE *type, int32_t *flavor) = 0;
  virtual HRESULT EndEnumeration() = 0;
  virtual HRESULT GetPropertyQualifierSet(LPCWSTR prop, IWbemQualifierSet **out) = 0;
  virtual HRESULT Clone(IWbemClassObject **out) = 0;
  virtual HRESULT GetObjectText(int32_t flags, BSTR *text) = 0;
  virtual HRESULT SpawnDerivedClass(int32_t flags, IWbemClassObject **out) = 0;
  virtual HRESULT SpawnInstance(int32_t flags, IWbemClassObject **out) = 0;
  virtual HRESULT CompareTo(int32_t flags, IWbemClassObject *other) = 0;
  virtual HRESULT GetPropertyOrigin(LPCWSTR name, BSTR *className) = 0;
  virtual HRESULT InheritsFrom(LPCWSTR ancestor) = 0;
  virtual HRESULT GetMethod(LPCWSTR name, int32_t flags, IWbemClassObject **in, IWbemClassObject **out) = 0;
  virtual HRESULT PutMethod(LPCWSTR name, int32_t flags, IWbemClassObject *in, IWbemClassObject *out) = 0;
  virtual HRESULT DeleteMethod(LPCWSTR name) = 0;
  virtual HRESULT BeginMethodEnumeration(int32_t flags) = 0;
  virtual HRESULT NextMethod(int32_t flags, BSTR *name, IWbemClassObject **in, IWbemClassObject **out) = 0;
  virtual HRESULT EndMethodEnumeration() = 0;
  virtual HRESULT GetMethodQualifierSet(LPCWSTR method, IWbemQualifierSet **out) = 0;
  virtual HRESULT GetMethodOrigin(LPCWSTR method, BSTR *className) = 0;
};

struct IWbemServices;
struct IWbemCallResult : IUnknown {
  virtual HRESULT GetResultObject(int32_t timeout, IWbemClassObject **out) = 0;
  virtual HRESULT GetResultString(int32_t timeout, BSTR *out) = 0;
  virtual HRESULT GetResultServices(int32_t timeout, IWbemServices **out) = 0;
  virtual HRESULT GetCallStatus(int32_t timeout, int32_t *status) = 0;
};

struct IWbemObjectSink : IUnknown {
  virtual HRESULT Indicate(int32_t count, IWbemClassObject **objects) = 0;
  virtual HRESULT SetStatus(int32_t flags, HRESULT hr, BSTR param, IWbemClassObject *obj) = 0;
};

struct IEnumWbemClassObject : IUnknown {
  virtual HRESULT Reset() = 0;
  virtual HRESULT Next(int32_t timeout, uint32_t count, IWbemClassObject **objects, uint32_t *returned) = 0;
  virtual HRESULT NextAsync(uint32_t count, IWbemObjectSink *sink) = 0;
  virtual HRESULT Clone(IEnumWbemClassObject **out) = 0;
  virtual HRESULT Skip(int32_t timeout, uint32_t count) = 0;
};

struct IWbemServices : IUnknown {
  virtual HRESULT OpenNamespace(BSTR ns, int32_t flags, void *ctx, IWbemServices **out, IWbemCallResult **result) = 0;
  virtual HRESULT CancelAsyncCall(IWbemObjectSink *sink) = 0;
  virtual HRESULT QueryObjectSink(int32_t flags, IWbemObjectSink **out) = 0;
  virtual HRESULT GetObject(BSTR path, int32_t flags, void *ctx, IWbemClassObject **out, IWbemCallResult **result) = 0;
  virtual HRESULT GetObjectAsync(BSTR path, int32_t flags, void *ctx, IWbemObjectSink *sink) = 0;
  virtual HRESULT PutClass(IWbemClassObject *obj, int32_t flags, void *ctx, IWbemCallResult **result) = 0;
  virtual HRESULT PutClassAsync(IWbemClassObject *obj, int32_t flags, void *ctx, IWbemObjectSink *sink) = 0;
  virtual HRESULT DeleteClass(BSTR cls, int32_t flags, void *ctx, IWbemCallResult **result) = 0;
  virtual HRESULT DeleteClassAsync(BSTR cls, int32_t flags, void *ctx, IWbemObjectSink *sink) = 0;
  virtual HRESULT CreateClassEnum(BSTR super, int32_t flags, void *ctx, IEnumWbemClassObject **out) = 0;
  virtual HRESULT CreateClassEnumAsync(BSTR super, int32_t flags, void *ctx, IWbemObjectSink *sink) = 0;
  virtual HRESULT PutInstance(IWbemClassObject *obj, int32_t flags, void *ctx, IWbemCallResult **result) = 0;
  virtual HRESULT PutInstanceAsync(IWbemClassObject *obj, int32_t flags, void *ctx, IWbemObjectSink *sink) = 0;
  virtual HRESULT DeleteInstance(BSTR path, int32_t flags, void *ctx, IWbemCallResult **result) = 0;
  virtual HRESULT DeleteInstanceAsync(BSTR path, int32_t flags, void *ctx, IWbemObjectSink *sink) = 0;
  virtual HRESULT CreateInstanceEnum(BSTR filter, int32_t flags, void *ctx, IEnumWbemClassObject **out) = 0;
  virtual HRESULT CreateInstanceEnumAsync(BSTR filter, int32_t flags, void *ctx, IWbemObjectSink *sink) = 0;
  virtual HRESULT ExecQuery(BSTR lang, BSTR query, int32_t flags, void *ctx, IEnumWbemClassObject **out) = 0;
  virtual HRESULT ExecQueryAsync(BSTR lang, BSTR query, int32_t flags, void *ctx, IWbemObjectSink *sink) = 0;
  virtual HRESULT ExecNotificationQuery(BSTR lang, BSTR query, int32_t flags, void *ctx, IEnumWbemClassObject **out) = 0;
  virtual HRESULT ExecNotificationQueryAsync(BSTR lang, BSTR query, int32_t flags, void *ctx, IWbemObjectSink *sink) = 0;
  virtual HRESULT ExecMethod(BSTR path, BSTR method, int32_t flags, void *ctx, IWbemClassObject *in, IWbemClassObject **out, IWbemCallResult **result) = 0;
  virtual HRESULT ExecMethodAsync(BSTR path, BSTR method, int32_t flags, void *ctx, IWbemClassObject *in, IWbemObjectSink *sink) = 0;
};

struct IWbemLocator : IUnknown {
  virtual HRESULT ConnectServer(BSTR resource, BSTR user, BSTR password, BSTR locale, int32_t securityFlags, BSTR authority, void *ctx, IWbemServices **out) = 0;
};

// ---------------------------------------------------------------------------------
// Class objects

struct Property {
  std::string name;
  CIMTYPE type;
  VARIANT value;  // VT_NULL when unset
  bool key;
};

struct QualifierSet : Counted<IWbemQualifierSet> {
  std::vector<std::pair<std::string, VARIANT>> items;
  size_t cursor = 0;
  void onLastRelease() override {
    for (auto &q : items) VariantClear(&q.second);
  }
  HRESULT QueryInterface(const GUID &, void **out) override {
    AddRef();
    *out = this;
    return S_OK;
  }
  HRESULT Get(LPCWSTR name, int32_t, VARIANT *val, int32_t *flavor) override {
    std::string n = lower(narrow(name));
    for (auto &q : items)
      if (lower(q.first) == n) {
        if (val) variantCopy(val, &q.second);
        if (flavor) *flavor = 0;
        return S_OK;
      }
    return WBEM_E_NOT_FOUND;
  }
  HRESULT Put(LPCWSTR, VARIANT *, int32_t) override { return E_NOTIMPL; }
  HRESULT Delete(LPCWSTR) override { return E_NOTIMPL; }
  HRESULT GetNames(int32_t, SAFEARRAY **names) override {
    SAFEARRAY *sa = SafeArrayCreateVector(VT_BSTR, 0, (uint32_t)items.size());
    for (size_t i = 0; i < items.size(); i++) ((BSTR *)sa->pvData)[i] = bstr(items[i].first);
    *names = sa;
    return S_OK;
  }
  HRESULT BeginEnumeration(int32_t) override {
    cursor = 0;
    return S_OK;
  }
  HRESULT Next(int32_t, BSTR *name, VARIANT *val, int32_t *flavor) override {
    if (cursor >= items.size()) return WBEM_S_NO_MORE_DATA;
    auto &q = items[cursor++];
    if (name) *name = bstr(q.first);
    if (val) variantCopy(val, &q.second);
    if (flavor) *flavor = 0;
    return S_OK;
  }
  HRESULT EndEnumeration() override { return S_OK; }
};

static VARIANT vBool(bool b) {
  VARIANT v;
  VariantInit(&v);
  v.vt = VT_BOOL;
  v.boolVal = b ? -1 : 0;
  return v;
}
static VARIANT vStr(const std::string &s) {
  VARIANT v;
  VariantInit(&v);
  v.vt = VT_BSTR;
  v.bstrVal = bstr(s);
  return v;
}
static VARIANT vI4(int32_t i) {
  VARIANT v;
  VariantInit(&v);
  v.vt = VT_I4;
  v.lVal = i;
  return v;
}
static VARIANT vNull() {
  VARIANT v;
  VariantInit(&v);
  v.vt = VT_NULL;
  return v;
}

struct MethodDef;
struct ClassObject : Counted<IWbemClassObject> {
  std::string className;
  std::string superclass;
  bool isClass = false;
  std::vector<Property> props;
  std::vector<std::shared_ptr<MethodDef>> methods;
  size_t cursor = 0;
  int32_t enumFlags = 0;
  size_t methodCursor = 0;

  void onLastRelease() override {
    for (auto &p : props) VariantClear(&p.value);
  }
  HRESULT QueryInterface(const GUID &iid, void **out) override {
    if (!out) return E_POINTER;
    if (iid == IID_IUnknown || iid == IID_IWbemClassObject) {
      AddRef();
      *out = this;
      return S_OK;
    }
    *out = nullptr;
    return E_NOINTERFACE;
  }
  Property *find(const std::string &name) {
    std::string n = lower(name);
    for (auto &p : props)
      if (lower(p.name) == n) return &p;
    return nullptr;
  }
  // Embedded objects and method parameters have no key, hence no path.
  bool hasKeys() {
    for (auto &p : props)
      if (p.key && p.value.vt != VT_NULL) return true;
    return false;
  }
  std::string keyPath() {
    std::string path = className;
    bool first = true;
    for (auto &p : props) {
      if (!p.key || p.value.vt == VT_NULL) continue;
      path += first ? "." : ",";
      first = false;
      path += p.name + "=";
      if (p.value.vt == VT_BSTR) path += "\"" + narrow(p.value.bstrVal) + "\"";
      else path += std::to_string(p.value.lVal);
    }
    return path;
  }
  bool systemValue(const std::string &n, VARIANT *val, CIMTYPE *type) {
    std::string l = lower(n);
    VARIANT v;
    if (l == "__class") v = vStr(className);
    else if (l == "__superclass") v = superclass.empty() ? vNull() : vStr(superclass);
    else if (l == "__genus") v = vI4(isClass ? 1 : 2);
    else if (l == "__relpath") v = isClass ? vStr(className) : hasKeys() ? vStr(keyPath()) : vNull();
    else if (l == "__path") v = isClass || hasKeys() ? vStr("\\\\DOUBLE\\root\\test:" + (isClass ? className : keyPath())) : vNull();
    else if (l == "__namespace") v = vStr("root\\test");
    else if (l == "__server") v = vStr("DOUBLE");
    else if (l == "__property_count") v = vI4((int32_t)props.size());
    else return false;
    if (type) *type = l == "__genus" || l == "__property_count" ? CIM_SINT32 : CIM_STRING;
    if (val) *val = v;
    else VariantClear(&v);
    return true;
  }
  HRESULT GetQualifierSet(IWbemQualifierSet **out) override {
    QualifierSet *q = new QualifierSet();
    if (className == "Widget") q->items.push_back({"dynamic", vBool(true)});
    *out = q;
    return S_OK;
  }
  HRESULT Get(LPCWSTR name, int32_t, VARIANT *val, CIMTYPE *type, int32_t *flavor) override {
    std::string n = narrow(name);
    if (flavor) *flavor = 0;
    if (n.rfind("__", 0) == 0) {
      if (flavor) *flavor = WBEM_FLAVOR_ORIGIN_SYSTEM;
      return systemValue(n, val, type) ? S_OK : WBEM_E_NOT_FOUND;
    }
    Property *p = find(n);
    if (!p) return WBEM_E_NOT_FOUND;
    if (val) variantCopy(val, &p->value);
    if (type) *type = p->type;
    return S_OK;
  }
  HRESULT Put(LPCWSTR name, int32_t, VARIANT *val, CIMTYPE type) override {
    Property *p = find(narrow(name));
    if (!p) {
      if (!isClass) return WBEM_E_NOT_FOUND;
      props.push_back({narrow(name), type, vNull(), false});
      p = &props.back();
    }
    VARIANT copy;
    VariantInit(&copy);
    if (val && val->vt != VT_EMPTY) variantCopy(&copy, val);
    else copy.vt = VT_NULL;
    // WMI checks the VARIANT type against the property's CIMTYPE; so does the double,
    // so that a runtime writing the wrong VT for a CIM type fails the tests.
    VARTYPE want = 0;
    switch (p->type & ~CIM_FLAG_ARRAY) {
      case CIM_SINT8: case CIM_SINT16: case CIM_CHAR16: want = VT_I2; break;
      case CIM_UINT8: want = VT_UI1; break;
      case CIM_UINT16: case CIM_SINT32: case CIM_UINT32: want = VT_I4; break;
      case CIM_REAL32: want = VT_R4; break;
      case CIM_REAL64: want = VT_R8; break;
      case CIM_BOOLEAN: want = VT_BOOL; break;
      case CIM_OBJECT: want = VT_UNKNOWN; break;
      default: want = VT_BSTR;
    }
    if (p->type & CIM_FLAG_ARRAY) want |= VT_ARRAY;
    if (copy.vt != VT_NULL && copy.vt != want && !(want == VT_UNKNOWN && copy.vt == VT_DISPATCH)) {
      VariantClear(&copy);
      return (HRESULT)0x80041005;  // WBEM_E_TYPE_MISMATCH
    }
    VariantClear(&p->value);
    p->value = copy;
    return S_OK;
  }
  HRESULT Delete(LPCWSTR) override { return E_NOTIMPL; }
  HRESULT GetNames(LPCWSTR, int32_t flags, VARIANT *, SAFEARRAY **names) override {
    std::vector<std::string> list;
    if ((flags & 0x70) != WBEM_FLAG_NONSYSTEM_ONLY)
      for (const char *s : {"__CLASS", "__GENUS", "__PATH", "__RELPATH", "__SUPERCLASS"}) list.push_back(s);
    if ((flags & 0x70) != WBEM_FLAG_SYSTEM_ONLY)
      for (auto &p : props) list.push_back(p.name);
    SAFEARRAY *sa = SafeArrayCreateVector(VT_BSTR, 0, (uint32_t)list.size());
    for (size_t i = 0; i < list.size(); i++) ((BSTR *)sa->pvData)[i] = bstr(list[i]);
    *names = sa;
    return S_OK;
  }
  HRESULT BeginEnumeration(int32_t flags) override {
    g_propertyEnums++;
    cursor = 0;
    enumFlags = flags;
    return S_OK;
  }
  HRESULT Next(int32_t, BSTR *name, VARIANT *val, CIMTYPE *type, int32_t *flavor) override {
    if (cursor >= props.size()) return WBEM_S_NO_MORE_DATA;
    Property &p = props[cursor++];
    if (name) *name = bstr(p.name);
    if (val) variantCopy(val, &p.value);
    if (type) *type = p.type;
    if (flavor) *flavor = 0;
    return S_OK;
  }
  HRESULT EndEnumeration() override { return S_OK; }
  HRESULT GetPropertyQualifierSet(LPCWSTR prop, IWbemQualifierSet **out) override {
    Property *p = find(narrow(prop));
    if (!p) return WBEM_E_NOT_FOUND;
    QualifierSet *q = new QualifierSet();
    if (p->key) q->items.push_back({"key", vBool(true)});
    if (p->type == CIM_REFERENCE) q->items.push_back({"CIMTYPE", vStr("ref:Widget")});
    if (p->type == CIM_OBJECT) q->items.push_back({"CIMTYPE", vStr("object:Gadget")});
    *out = q;
    return S_OK;
  }
  HRESULT Clone(IWbemClassObject **out) override {
    ClassObject *c = new ClassObject();
    c->className = className;
    c->superclass = superclass;
    c->isClass = isClass;
    c->methods = methods;
    for (auto &p : props) {
      Property q = p;
      variantCopy(&q.value, &p.value);
      c->props.push_back(q);
    }
    *out = c;
    return S_OK;
  }
  HRESULT GetObjectText(int32_t, BSTR *text) override;
  HRESULT SpawnDerivedClass(int32_t, IWbemClassObject **) override { return E_NOTIMPL; }
  HRESULT SpawnInstance(int32_t, IWbemClassObject **out) override {
    if (!isClass) return WBEM_E_INVALID_PARAMETER;
    ClassObject *c = new ClassObject();
    c->className = className;
    c->superclass = superclass;
    c->methods = methods;
    for (auto &p : props) c->props.push_back({p.name, p.type, vNull(), p.key});
    *out = c;
    return S_OK;
  }
  HRESULT CompareTo(int32_t, IWbemClassObject *) override { return E_NOTIMPL; }
  HRESULT GetPropertyOrigin(LPCWSTR, BSTR *) override { return E_NOTIMPL; }
  HRESULT InheritsFrom(LPCWSTR) override { return E_NOTIMPL; }
  HRESULT GetMethod(LPCWSTR name, int32_t, IWbemClassObject **in, IWbemClassObject **out) override;
  HRESULT PutMethod(LPCWSTR, int32_t, IWbemClassObject *, IWbemClassObject *) override { return E_NOTIMPL; }
  HRESULT DeleteMethod(LPCWSTR) override { return E_NOTIMPL; }
  HRESULT BeginMethodEnumeration(int32_t) override {
    methodCursor = 0;
    return S_OK;
  }
  HRESULT NextMethod(int32_t, BSTR *name, IWbemClassObject **in, IWbemClassObject **out) override;
  HRESULT EndMethodEnumeration() override { return S_OK; }
  HRESULT GetMethodQualifierSet(LPCWSTR method, IWbemQualifierSet **out) override;
  HRESULT GetMethodOrigin(LPCWSTR, BSTR *) override { return E_NOTIMPL; }
};

struct Param {
  std::string name;
  CIMTYPE type;
};
struct MethodDef {
  std::string name;
  bool isStatic;
  std::vector<Param> in, out;
};

static ClassObject *signature(const std::vector<Param> &params) {
  ClassObject *c = new ClassObject();
  c->className = "__PARAMETERS";
  c->isClass = true;
  for (auto &p : params) c->props.push_back({p.name, p.type, vNull(), false});
  return c;
}

HRESULT ClassObject::GetMethod(LPCWSTR name, int32_t, IWbemClassObject **in, IWbemClassObject **out) {
  std::string n = lower(narrow(name));
  for (auto &m : methods)
    if (lower(m->name) == n) {
      if (in) *in = m->in.empty() ? nullptr : signature(m->in);
      if (out) *out = signature(m->out);
      return S_OK;
    }
  return WBEM_E_NOT_FOUND;
}
HRESULT ClassObject::NextMethod(int32_t, BSTR *name, IWbemClassObject **in, IWbemClassObject **out) {
  if (methodCursor >= methods.size()) return WBEM_S_NO_MORE_DATA;
  auto &m = methods[methodCursor++];
  if (name) *name = bstr(m->name);
  if (in) *in = m->in.empty() ? nullptr : signature(m->in);
  if (out) *out = signature(m->out);
  return S_OK;
}
HRESULT ClassObject::GetMethodQualifierSet(LPCWSTR method, IWbemQualifierSet **out) {
  std::string n = lower(narrow(method));
  for (auto &m : methods)
    if (lower(m->name) == n) {
      QualifierSet *q = new QualifierSet();
      if (m->isStatic) q->items.push_back({"static", vBool(true)});
      *out = q;
      return S_OK;
    }
  return WBEM_E_NOT_FOUND;
}

static const char *cimTypeName(CIMTYPE t) {
  switch (t & ~CIM_FLAG_ARRAY) {
    case CIM_SINT8: return "sint8";
    case CIM_UINT8: return "uint8";
    case CIM_SINT16: return "sint16";
    case CIM_UINT16: return "uint16";
    case CIM_SINT32: return "sint32";
    case CIM_UINT32: return "uint32";
    case CIM_SINT64: return "sint64";
    case CIM_UINT64: return "uint64";
    case CIM_REAL32: return "real32";
    case CIM_REAL64: return "real64";
    case CIM_BOOLEAN: return "boolean";
    case CIM_DATETIME: return "datetime";
    case CIM_CHAR16: return "char16";
    case CIM_OBJECT: return "object";
    default: return "string";
  }
}

HRESULT ClassObject::GetObjectText(int32_t, BSTR *text) {
  std::string s;
  if (isClass) {
    s = "[dynamic]\nclass " + className + (superclass.empty() ? "" : " : " + superclass) + "\n{\n";
    for (auto &p : props) {
      std::string q = p.key ? "[key] " : "";
      if (p.type == CIM_OBJECT || p.type == (CIM_OBJECT | CIM_FLAG_ARRAY)) q = "[EmbeddedInstance(\"Gadget\")] ";
      std::string type = p.type == CIM_REFERENCE ? "Widget ref" : cimTypeName(p.type);
      if ((p.type & ~CIM_FLAG_ARRAY) == CIM_OBJECT) type = "string";
      s += "  " + q + type + " " + p.name + ((p.type & CIM_FLAG_ARRAY) ? "[]" : "") + ";\n";
    }
    for (auto &m : methods) {
      s += std::string("  ") + (m->isStatic ? "[static] " : "") + "uint32 " + m->name + "(";
      bool first = true;
      for (auto &p : m->in) {
        bool alsoOut = false;
        for (auto &o : m->out) alsoOut = alsoOut || o.name == p.name;
        s += (first ? "" : ", ") + std::string(alsoOut ? "[in, out] " : "[in] ") + cimTypeName(p.type) + " " + p.name +
             ((p.type & CIM_FLAG_ARRAY) ? "[]" : "");
        first = false;
      }
      for (auto &p : m->out) {
        bool alsoIn = p.name == "ReturnValue";
        for (auto &i : m->in) alsoIn = alsoIn || i.name == p.name;
        if (alsoIn) continue;
        s += (first ? "" : ", ") + std::string("[out] ") + cimTypeName(p.type) + " " + p.name + ((p.type & CIM_FLAG_ARRAY) ? "[]" : "");
        first = false;
      }
      s += ");\n";
    }
    s += "};\n";
  } else {
    s = "instance of " + className + "\n{\n";
    for (auto &p : props)
      if (p.value.vt == VT_BSTR) s += "\t" + p.name + " = \"" + narrow(p.value.bstrVal) + "\";\n";
    s += "};\n";
  }
  // Like Wine, report a length one character past the text, with a NUL inside: the
  // runtime must cut at the first NUL.
  std::u16string w = u16(s.c_str());
  w.push_back(0);
  *text = SysAllocStringLen(w.data(), (uint32_t)w.size());
  return S_OK;
}

// ---------------------------------------------------------------------------------
// The schema of the double

static std::vector<Param> everyType() {
  return {
      {"S8", CIM_SINT8},       {"U8", CIM_UINT8},         {"S16", CIM_SINT16},     {"U16", CIM_UINT16},
      {"S32", CIM_SINT32},     {"U32", CIM_UINT32},       {"S64", CIM_SINT64},     {"U64", CIM_UINT64},
      {"R32", CIM_REAL32},     {"R64", CIM_REAL64},       {"Flag", CIM_BOOLEAN},   {"Text", CIM_STRING},
      {"When", CIM_DATETIME},  {"Link", CIM_REFERENCE},    {"Letter", CIM_CHAR16},  {"Inner", CIM_OBJECT},
      {"Texts", CIM_STRING | CIM_FLAG_ARRAY},             {"Numbers", CIM_UINT32 | CIM_FLAG_ARRAY},
      {"Bigs", CIM_UINT64 | CIM_FLAG_ARRAY},              {"Flags", CIM_BOOLEAN | CIM_FLAG_ARRAY},
      {"Reals", CIM_REAL64 | CIM_FLAG_ARRAY},             {"Smalls", CIM_SINT16 | CIM_FLAG_ARRAY},
      {"Bytes", CIM_UINT8 | CIM_FLAG_ARRAY},              {"Inners", CIM_OBJECT | CIM_FLAG_ARRAY},
  };
}

static ClassObject *gadgetClass() {
  ClassObject *c = new ClassObject();
  c->className = "Gadget";
  c->isClass = true;
  c->props.push_back({"Label", CIM_STRING, vNull(), false});
  c->props.push_back({"Weight", CIM_UINT32, vNull(), false});
  return c;
}

static ClassObject *thingClass() {
  ClassObject *c = new ClassObject();
  c->className = "Thing";
  c->isClass = true;
  c->props.push_back({"Id", CIM_UINT32, vNull(), true});
  return c;
}

static ClassObject *widgetClass() {
  ClassObject *c = new ClassObject();
  c->className = "Widget";
  c->superclass = "Thing";
  c->isClass = true;
  c->props.push_back({"Id", CIM_UINT32, vNull(), true});
  c->props.push_back({"Name", CIM_STRING, vNull(), false});
  for (auto &p : everyType()) c->props.push_back({p.name, p.type, vNull(), false});
  auto add = std::make_shared<MethodDef>();
  add->name = "Add";
  add->isStatic = false;
  add->in = {{"A", CIM_UINT32}, {"B", CIM_UINT32}};
  add->out = {{"Sum", CIM_UINT32}, {"ReturnValue", CIM_UINT32}};
  auto echo = std::make_shared<MethodDef>();
  echo->name = "Echo";
  echo->isStatic = true;
  echo->in = everyType();
  echo->out = everyType();
  echo->out.push_back({"ReturnValue", CIM_UINT32});
  auto wait = std::make_shared<MethodDef>();
  wait->name = "Wait";
  wait->isStatic = true;
  wait->out = {{"ReturnValue", CIM_UINT32}};
  c->methods = {add, echo, wait};
  return c;
}

static void setProp(ClassObject *o, const char *name, VARIANT v) {
  Property *p = o->find(name);
  VariantClear(&p->value);
  p->value = v;
}

static SAFEARRAY *bstrArray(std::vector<std::string> items) {
  SAFEARRAY *sa = SafeArrayCreateVector(VT_BSTR, 0, (uint32_t)items.size());
  for (size_t i = 0; i < items.size(); i++) ((BSTR *)sa->pvData)[i] = bstr(items[i]);
  return sa;
}

static ClassObject *makeGadget(const std::string &label, int32_t weight) {
  ClassObject *cls = gadgetClass();
  IWbemClassObject *inst = nullptr;
  cls->SpawnInstance(0, &inst);
  cls->Release();
  ClassObject *g = (ClassObject *)inst;
  setProp(g, "Label", vStr(label));
  setProp(g, "Weight", vI4(weight));
  return g;
}

static ClassObject *makeWidget(int32_t id) {
  ClassObject *cls = widgetClass();
  IWbemClassObject *inst = nullptr;
  cls->SpawnInstance(0, &inst);
  cls->Release();
  ClassObject *w = (ClassObject *)inst;
  VARIANT v;
  setProp(w, "Id", vI4(id));
  setProp(w, "Name", vStr("widget-" + std::to_string(id)));
  VariantInit(&v); v.vt = VT_I2; v.iVal = -8; setProp(w, "S8", v);
  VariantInit(&v); v.vt = VT_UI1; v.bVal = 200; setProp(w, "U8", v);
  VariantInit(&v); v.vt = VT_I2; v.iVal = -1600; setProp(w, "S16", v);
  setProp(w, "U16", vI4(65535));
  setProp(w, "S32", vI4(-32));
  setProp(w, "U32", vI4((int32_t)4000000000u));  // WMI sends uint32 as VT_I4: the runtime must reinterpret it
  setProp(w, "S64", vStr("-9007199254740993"));
  setProp(w, "U64", vStr("18446744073709551615"));
  VariantInit(&v); v.vt = VT_R4; v.fltVal = 1.5f; setProp(w, "R32", v);
  VariantInit(&v); v.vt = VT_R8; v.dblVal = 2.25 * id; setProp(w, "R64", v);
  setProp(w, "Flag", vBool(id % 2 == 1));
  setProp(w, "Text", vStr("text-" + std::to_string(id)));
  setProp(w, "When", vStr("20240131123456.123456+060"));
  setProp(w, "Link", vStr("Widget.Id=" + std::to_string(id + 1)));
  VariantInit(&v); v.vt = VT_I2; v.iVal = 'W'; setProp(w, "Letter", v);
  VariantInit(&v); v.vt = VT_UNKNOWN; v.punkVal = makeGadget("inner-" + std::to_string(id), id * 10); setProp(w, "Inner", v);
  VariantInit(&v); v.vt = VT_ARRAY | VT_BSTR; v.parray = bstrArray({"a", "b", "c"}); setProp(w, "Texts", v);
  VariantInit(&v); v.vt = VT_ARRAY | VT_I4; v.parray = SafeArrayCreateVector(VT_I4, 0, 3);
  ((int32_t *)v.parray->pvData)[0] = 1; ((int32_t *)v.parray->pvData)[1] = 2; ((int32_t *)v.parray->pvData)[2] = (int32_t)3000000000u;
  setProp(w, "Numbers", v);
  VariantInit(&v); v.vt = VT_ARRAY | VT_BSTR; v.parray = bstrArray({"0", "18446744073709551615"}); setProp(w, "Bigs", v);
  VariantInit(&v); v.vt = VT_ARRAY | VT_BOOL; v.parray = SafeArrayCreateVector(VT_BOOL, 0, 2);
  ((int16_t *)v.parray->pvData)[0] = -1; ((int16_t *)v.parray->pvData)[1] = 0; setProp(w, "Flags", v);
  VariantInit(&v); v.vt = VT_ARRAY | VT_R8; v.parray = SafeArrayCreateVector(VT_R8, 0, 2);
  ((double *)v.parray->pvData)[0] = 0.5; ((double *)v.parray->pvData)[1] = -1e300; setProp(w, "Reals", v);
  VariantInit(&v); v.vt = VT_ARRAY | VT_I2; v.parray = SafeArrayCreateVector(VT_I2, 0, 2);
  ((int16_t *)v.parray->pvData)[0] = -7; ((int16_t *)v.parray->pvData)[1] = 7; setProp(w, "Smalls", v);
  VariantInit(&v); v.vt = VT_ARRAY | VT_UI1; v.parray = SafeArrayCreateVector(VT_UI1, 0, 3);
  ((uint8_t *)v.parray->pvData)[0] = 0; ((uint8_t *)v.parray->pvData)[1] = 128; ((uint8_t *)v.parray->pvData)[2] = 255; setProp(w, "Bytes", v);
  VariantInit(&v); v.vt = VT_ARRAY | VT_UNKNOWN; v.parray = SafeArrayCreateVector(VT_UNKNOWN, 0, 2);
  ((IUnknown **)v.parray->pvData)[0] = makeGadget("first", 1); ((IUnknown **)v.parray->pvData)[1] = makeGadget("second", 2);
  setProp(w, "Inners", v);
  return w;
}

// ---------------------------------------------------------------------------------
// Semisynchronous call results

struct CallResult : Counted<IWbemCallResult> {
  int64_t readyAt;
  int64_t pollsLeft;
  HRESULT status;
  IWbemClassObject *object = nullptr;
  BSTR text = nullptr;
  IWbemServices *services = nullptr;
  bool delivered = false;

  CallResult(int64_t delayMs, HRESULT st) : readyAt(nowMs() + delayMs), pollsLeft(option("polls", 3)), status(st) {}
  void onLastRelease() override {
    if (!ready(false)) g_cancelledCalls++;
    if (object) object->Release();
    object = nullptr;
    SysFreeString(text);
    text = nullptr;
    if (services) services->Release();
    services = nullptr;
  }
  HRESULT QueryInterface(const GUID &iid, void **out) override {
    if (iid == IID_IUnknown || iid == IID_IWbemCallResult) {
      AddRef();
      *out = this;
      return S_OK;
    }
    *out = nullptr;
    return E_NOINTERFACE;
  }
  bool ready(bool countPoll) {
    if (countPoll && pollsLeft > 0) pollsLeft--;
    return pollsLeft <= 0 && nowMs() >= readyAt;
  }
  // A non-zero timeout blocks the calling thread, as the real one does.
  bool waitReady(int32_t timeout) {
    g_polls++;
    if (ready(true)) return true;
    if (timeout == 0) return false;
    g_blockingWaits++;
    int64_t until = timeout < 0 ? readyAt : std::min<int64_t>(readyAt, nowMs() + timeout);
    while (nowMs() < until) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    pollsLeft = 0;
    return ready(false);
  }
  HRESULT GetCallStatus(int32_t timeout, int32_t *st) override {
    enterWmi();
    if (!waitReady(timeout)) return WBEM_S_TIMEDOUT;
    *st = status;
    return S_OK;
  }
  HRESULT GetResultObject(int32_t timeout, IWbemClassObject **out) override {
    enterWmi();
    if (!waitReady(timeout)) return WBEM_S_TIMEDOUT;
    if (status < 0) return status;
    if (!object) return WBEM_E_FAILED;
    object->AddRef();
    *out = object;
    return S_OK;
  }
  HRESULT GetResultString(int32_t timeout, BSTR *out) override {
    enterWmi();
    if (!waitReady(timeout)) return WBEM_S_TIMEDOUT;
    if (status < 0) return status;
    if (!text) return WBEM_E_FAILED;
    *out = SysAllocStringLen(text, SysStringLen(text));
    return S_OK;
  }
  HRESULT GetResultServices(int32_t timeout, IWbemServices **out) override {
    enterWmi();
    if (!waitReady(timeout)) return WBEM_S_TIMEDOUT;
    if (status < 0) return status;
    if (!services) return WBEM_E_FAILED;
    services->AddRef();
    *out = services;
    return S_OK;
  }
};

// ---------------------------------------------------------------------------------
// Enumerators

struct Enumerator : Counted<IEnumWbemClassObject> {
  std::vector<IWbemClassObject *> items;
  size_t cursor = 0;
  int64_t start = nowMs();
  int64_t firstDelay;
  int64_t interval;
  bool endless;
  std::string eventClass;

  Enumerator(int64_t delay, int64_t every, bool forever = false) : firstDelay(delay), interval(every), endless(forever) {}
  void onLastRelease() override {
    if (endless || cursor < items.size()) g_abandonedEnums++;
    for (size_t i = cursor; i < items.size(); i++) items[i]->Release();
    items.clear();
  }
  HRESULT QueryInterface(const GUID &iid, void **out) override {
    if (iid == IID_IUnknown || iid == IID_IEnumWbemClassObject) {
      AddRef();
      *out = this;
      return S_OK;
    }
    *out = nullptr;
    return E_NOINTERFACE;
  }
  size_t availableNow() {
    int64_t elapsed = nowMs() - start - firstDelay;
    if (elapsed < 0) return 0;
    size_t count = interval <= 0 ? SIZE_MAX : (size_t)(elapsed / interval) + 1;
    if (endless) return count;
    return std::min(count, items.size());
  }
  HRESULT Reset() override { return E_NOTIMPL; }
  int64_t blockMs = 0;
  HRESULT Next(int32_t timeout, uint32_t count, IWbemClassObject **objects, uint32_t *returned) override {
    enterWmi();
    g_nextCalls++;
    blockFor(blockMs);
    if (!objects || !returned) return E_POINTER;
    int64_t deadline = timeout < 0 ? INT64_MAX : nowMs() + timeout;
    uint32_t n = 0;
    for (;;) {
      size_t avail = availableNow();
      while (n < count && cursor < avail) {
        if (endless) {
          ClassObject *ev = makeGadget(eventClass, (int32_t)cursor);
          objects[n++] = ev;
          cursor++;
          items.push_back(nullptr);  // keeps cursor/size consistent for counting only
        } else {
          objects[n++] = items[cursor++];
        }
      }
      if (n == count) {
        *returned = n;
        return S_OK;
      }
      if (!endless && cursor >= items.size()) {
        *returned = n;
        return S_FALSE;
      }
      if (nowMs() >= deadline) {
        *returned = n;
        return WBEM_S_TIMEDOUT;
      }
      g_blockingWaits++;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  HRESULT NextAsync(uint32_t, IWbemObjectSink *) override { return E_NOTIMPL; }
  HRESULT Clone(IEnumWbemClassObject **) override { return E_NOTIMPL; }
  HRESULT Skip(int32_t, uint32_t) override { return E_NOTIMPL; }
};

// ---------------------------------------------------------------------------------
// Services

struct AsyncCall {
  IWbemObjectSink *sink;
  std::atomic<bool> cancelled{false};
};
static std::mutex g_asyncMutex;
static std::vector<std::shared_ptr<AsyncCall>> g_asyncCalls;
static std::atomic<int64_t> g_asyncRunning{0};

static std::string classOfPath(const std::string &path) {
  std::string p = path;
  size_t colon = p.find(':');
  if (colon != std::string::npos) p = p.substr(colon + 1);
  size_t dot = p.find('.');
  if (dot != std::string::npos) p = p.substr(0, dot);
  size_t eq = p.find('=');
  if (eq != std::string::npos) p = p.substr(0, eq);
  return p;
}
static int32_t idOfPath(const std::string &path) {
  size_t eq = path.rfind('=');
  if (eq == std::string::npos) return -1;
  std::string v = path.substr(eq + 1);
  if (!v.empty() && v[0] == '"') v = v.substr(1, v.size() - 2);
  return atoi(v.c_str());
}
static std::string fromClassOf(const std::string &query) {
  std::string l = lower(query);
  size_t at = l.find(" from ");
  if (at == std::string::npos) return "";
  size_t s = at + 6;
  while (s < query.size() && query[s] == ' ') s++;
  size_t e = s;
  while (e < query.size() && (isalnum((unsigned char)query[e]) || query[e] == '_')) e++;
  return query.substr(s, e - s);
}

struct Services : Counted<IWbemServices> {
  HRESULT QueryInterface(const GUID &iid, void **out) override {
    if (iid == IID_IUnknown || iid == IID_IWbemServices) {
      AddRef();
      *out = this;
      return S_OK;
    }
    *out = nullptr;
    return E_NOINTERFACE;
  }
  // Hands a finished-later result back the way the options ask: through a new
  // IWbemCallResult (semisynchronous), or directly as Wine does.
  HRESULT deliver(int32_t flags, int64_t delayMs, HRESULT status, IWbemClassObject *obj, BSTR text, IWbemClassObject **outObj,
                  BSTR *outText, IWbemCallResult **result) {
    bool semisync = (flags & WBEM_FLAG_RETURN_IMMEDIATELY) && result;
    if (semisync && !option("wine_sync", 0)) {
      CallResult *cr = new CallResult(delayMs, status);
      cr->object = obj;
      cr->text = text;
      *result = cr;
      if (outObj) *outObj = nullptr;
      return S_OK;
    }
    if (result) *result = nullptr;
    if (delayMs > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
    if (status < 0) {
      if (obj) obj->Release();
      SysFreeString(text);
      if (outObj) *outObj = nullptr;
      return status;
    }
    if (outObj) *outObj = obj;
    else if (obj) obj->Release();
    if (outText) *outText = text;
    else SysFreeString(text);
    return S_OK;
  }
  HRESULT OpenNamespace(BSTR ns, int32_t flags, void *, IWbemServices **out, IWbemCallResult **result) override;
  HRESULT CancelAsyncCall(IWbemObjectSink *sink) override {
    std::lock_guard<std::mutex> lock(g_asyncMutex);
    for (auto &c : g_asyncCalls)
      if (c->sink == sink) {
        c->cancelled = true;
        g_asyncCancels++;
        return S_OK;
      }
    return WBEM_E_NOT_FOUND;
  }
  HRESULT QueryObjectSink(int32_t, IWbemObjectSink **) override { return E_NOTIMPL; }
  HRESULT GetObject(BSTR path, int32_t flags, void *, IWbemClassObject **out, IWbemCallResult **result) override {
    enterWmi();
    std::string p = narrow(path);
    std::string cls = classOfPath(p);
    bool isClassPath = p.find('.') == std::string::npos && p.find('=') == std::string::npos;
    int64_t delay = option("delay_ms", 0);
    HRESULT status = S_OK;
    IWbemClassObject *obj = nullptr;
    if (lower(cls) == "slow") {
      delay = option("slow_ms", 2000);
      obj = makeGadget("slow", 1);
    } else if (lower(cls) == "widget") {
      int32_t id = idOfPath(p);
      if (isClassPath) obj = widgetClass();
      else if (id >= 1 && id <= option("widgets", 5)) obj = makeWidget(id);
      else status = WBEM_E_NOT_FOUND;
    } else if (lower(cls) == "gadget" && isClassPath) {
      obj = gadgetClass();
    } else if (lower(cls) == "thing" && isClassPath) {
      obj = thingClass();
    } else if (lower(cls) == "denied") {
      status = WBEM_E_ACCESS_DENIED;
    } else {
      status = WBEM_E_INVALID_CLASS;
    }
    if (status < 0 && !((flags & WBEM_FLAG_RETURN_IMMEDIATELY) && result)) {
      if (result) *result = nullptr;
      *out = nullptr;
      return status;
    }
    return deliver(flags, delay, status, obj, nullptr, out, nullptr, result);
  }
  HRESULT GetObjectAsync(BSTR, int32_t, void *, IWbemObjectSink *) override { return WBEM_E_FAILED; }
  HRESULT PutClass(IWbemClassObject *, int32_t, void *, IWbemCallResult **) override { return WBEM_E_FAILED; }
  HRESULT PutClassAsync(IWbemClassObject *, int32_t, void *, IWbemObjectSink *) override { return WBEM_E_FAILED; }
  HRESULT DeleteClass(BSTR, int32_t, void *, IWbemCallResult **) override { return WBEM_E_FAILED; }
  HRESULT DeleteClassAsync(BSTR, int32_t, void *, IWbemObjectSink *) override { return WBEM_E_FAILED; }
  HRESULT CreateClassEnum(BSTR, int32_t, void *, IEnumWbemClassObject **out) override {
    enterWmi();
    if (option("no_class_enum", 0)) return WBEM_E_FAILED;
    Enumerator *e = new Enumerator(0, 0);
    e->items = {widgetClass(), gadgetClass(), thingClass()};
    *out = e;
    return S_OK;
  }
  HRESULT CreateClassEnumAsync(BSTR, int32_t, void *, IWbemObjectSink *) override { return WBEM_E_FAILED; }
  HRESULT PutInstance(IWbemClassObject *obj, int32_t flags, void *, IWbemCallResult **result) override {
    enterWmi();
    if (!obj) return WBEM_E_INVALID_PARAMETER;
    VARIANT cls, id;
    VariantInit(&cls);
    VariantInit(&id);
    obj->Get(u"__CLASS", 0, &cls, nullptr, nullptr);
    HRESULT hr = obj->Get(u"Id", 0, &id, nullptr, nullptr);
    std::string path = narrow(cls.bstrVal) + ".Id=" + (hr == S_OK && id.vt == VT_I4 ? std::to_string(id.lVal) : std::string("0"));
    VariantClear(&cls);
    VariantClear(&id);
    BSTR *textOut = nullptr;
    return deliver(flags, option("delay_ms", 0), S_OK, nullptr, bstr(path), nullptr, textOut, result);
  }
  HRESULT PutInstanceAsync(IWbemClassObject *, int32_t, void *, IWbemObjectSink *) override { return WBEM_E_FAILED; }
  HRESULT DeleteInstance(BSTR path, int32_t flags, void *, IWbemCallResult **result) override {
    enterWmi();
    int32_t id = idOfPath(narrow(path));
    HRESULT status = lower(classOfPath(narrow(path))) != "widget" ? WBEM_E_INVALID_CLASS
                     : (id >= 1 && id <= option("widgets", 5)) ? S_OK
                                                                : WBEM_E_NOT_FOUND;
    return deliver(flags, option("delay_ms", 0), status, nullptr, nullptr, nullptr, nullptr, result);
  }
  HRESULT DeleteInstanceAsync(BSTR, int32_t, void *, IWbemObjectSink *) override { return WBEM_E_FAILED; }
  HRESULT CreateInstanceEnum(BSTR filter, int32_t flags, void *ctx, IEnumWbemClassObject **out) override {
    std::u16string q = u"SELECT * FROM ";
    for (OLECHAR *c = filter; c && *c; c++) q.push_back(*c);
    BSTR query = SysAllocStringLen(q.data(), (uint32_t)q.size());
    BSTR lang = bstr("WQL");
    HRESULT hr = ExecQuery(lang, query, flags, ctx, out);
    SysFreeString(query);
    SysFreeString(lang);
    return hr;
  }
  HRESULT CreateInstanceEnumAsync(BSTR, int32_t, void *, IWbemObjectSink *) override { return WBEM_E_FAILED; }
  HRESULT makeEnum(BSTR lang, BSTR query, IEnumWbemClassObject **out) {
    if (lower(narrow(lang)) != "wql") return WBEM_E_INVALID_QUERY_TYPE;
    std::string cls = lower(fromClassOf(narrow(query)));
    Enumerator *e;
    if (cls == "widget") {
      e = new Enumerator(0, option("interval_ms", 0));
      for (int32_t i = 1; i <= option("widgets", 5); i++) e->items.push_back(makeWidget(i));
    } else if (cls == "stuck") {
      e = new Enumerator(0, 0);
      e->items = {makeGadget("stuck-1", 1), makeGadget("stuck-2", 2)};
    } else if (cls == "slow") {
      e = new Enumerator(option("slow_ms", 2000), 0);
      e->items = {makeGadget("slow-1", 1), makeGadget("slow-2", 2)};
    } else {
      return WBEM_E_INVALID_CLASS;
    }
    *out = e;
    return S_OK;
  }
  HRESULT ExecQuery(BSTR lang, BSTR query, int32_t, void *, IEnumWbemClassObject **out) override {
    enterWmi();
    *out = nullptr;
    bool stuck = lower(fromClassOf(narrow(query))) == "stuck";
    int64_t block = stuck ? option("block_ms", 3000) : option("sync_ms", 0);
    blockFor(block);
    HRESULT hr = makeEnum(lang, query, out);
    if (hr >= 0) static_cast<Enumerator *>(*out)->blockMs = block;
    return hr;
  }
  HRESULT ExecQueryAsync(BSTR lang, BSTR query, int32_t, void *, IWbemObjectSink *sink) override {
    IEnumWbemClassObject *e = nullptr;
    HRESULT hr = makeEnum(lang, query, &e);
    if (hr < 0) return hr;
    auto call = std::make_shared<AsyncCall>();
    call->sink = sink;
    sink->AddRef();
    {
      std::lock_guard<std::mutex> lock(g_asyncMutex);
      g_asyncCalls.push_back(call);
    }
    // Like WMI, deliver from another thread: koffi must hand the calls to the JS thread.
    g_asyncRunning++;
    std::thread worker([call, e]() {
      HRESULT status = S_OK;
      for (;;) {
        if (call->cancelled) {
          status = WBEM_E_CALL_CANCELLED;
          break;
        }
        IWbemClassObject *obj = nullptr;
        uint32_t got = 0;
        HRESULT hr = e->Next(50, 1, &obj, &got);
        if (got == 1) {
          call->sink->Indicate(1, &obj);
          obj->Release();
        }
        if (hr == S_FALSE) break;
        if (hr < 0) {
          status = hr;
          break;
        }
      }
      e->Release();
      call->sink->SetStatus(0, status, nullptr, nullptr);
      call->sink->Release();
      std::lock_guard<std::mutex> lock(g_asyncMutex);
      for (size_t i = 0; i < g_asyncCalls.size(); i++)
        if (g_asyncCalls[i] == call) {
          g_asyncCalls.erase(g_asyncCalls.begin() + i);
          break;
        }
      g_asyncRunning--;
    });
    worker.detach();
    return S_OK;
  }
  HRESULT ExecNotificationQuery(BSTR lang, BSTR query, int32_t, void *, IEnumWbemClassObject **out) override {
    enterWmi();
    if (lower(narrow(lang)) != "wql") return WBEM_E_INVALID_QUERY_TYPE;
    Enumerator *e = new Enumerator(option("event_ms", 20), option("event_ms", 20), true);
    e->eventClass = "event:" + fromClassOf(narrow(query));
    *out = e;
    return S_OK;
  }
  HRESULT ExecNotificationQueryAsync(BSTR, BSTR, int32_t, void *, IWbemObjectSink *) override { return WBEM_E_FAILED; }
  HRESULT ExecMethod(BSTR path, BSTR method, int32_t flags, void *, IWbemClassObject *in, IWbemClassObject **out,
                     IWbemCallResult **result) override {
    enterWmi();
    std::string cls = lower(classOfPath(narrow(path)));
    std::string m = lower(narrow(method));
    if (cls != "widget") return WBEM_E_INVALID_CLASS;
    ClassObject *def = widgetClass();
    std::shared_ptr<MethodDef> md;
    for (auto &x : def->methods)
      if (lower(x->name) == m) md = x;
    def->Release();
    if (!md) return WBEM_E_INVALID_METHOD;
    // Wine dereferences the in-parameter object of a method that has in-parameters.
    if (!in && !md->in.empty()) g_nullInParams++;
    ClassObject *outParams = signature(md->out);
    outParams->isClass = false;
    int64_t delay = option("delay_ms", 0);
    if (m == "add") {
      VARIANT a, b;
      VariantInit(&a);
      VariantInit(&b);
      if (!in || in->Get(u"A", 0, &a, nullptr, nullptr) < 0 || in->Get(u"B", 0, &b, nullptr, nullptr) < 0 || a.vt != VT_I4 ||
          b.vt != VT_I4) {
        outParams->Release();
        return WBEM_E_INVALID_PARAMETER;
      }
      setProp(outParams, "Sum", vI4(a.lVal + b.lVal));
      setProp(outParams, "ReturnValue", vI4(0));
    } else if (m == "echo") {
      for (auto &p : md->in) {
        VARIANT v;
        VariantInit(&v);
        if (in && in->Get(u16(p.name.c_str()).c_str(), 0, &v, nullptr, nullptr) == S_OK) setProp(outParams, p.name.c_str(), v);
      }
      setProp(outParams, "ReturnValue", vI4(0));
    } else if (m == "wait") {
      delay = option("slow_ms", 2000);
      setProp(outParams, "ReturnValue", vI4(0));
    }
    return deliver(flags, delay, S_OK, outParams, nullptr, out, nullptr, result);
  }
  HRESULT ExecMethodAsync(BSTR, BSTR, int32_t, void *, IWbemClassObject *, IWbemObjectSink *) override { return WBEM_E_FAILED; }
};

HRESULT Services::OpenNamespace(BSTR ns, int32_t flags, void *, IWbemServices **out, IWbemCallResult **result) {
  enterWmi();
  std::string leaf = lower(narrow(ns));
  HRESULT status = leaf == "missing" ? WBEM_E_INVALID_NAMESPACE : S_OK;
  if ((flags & WBEM_FLAG_RETURN_IMMEDIATELY) && result && !option("wine_sync", 0)) {
    CallResult *cr = new CallResult(option("delay_ms", 0), status);
    if (status == S_OK) cr->services = new Services();
    *result = cr;
    if (out) *out = nullptr;
    return S_OK;
  }
  if (result) *result = nullptr;
  if (status < 0) return status;
  if (!out) return WBEM_E_INVALID_PARAMETER;
  *out = new Services();
  return S_OK;
}

struct Locator : Counted<IWbemLocator> {
  HRESULT QueryInterface(const GUID &iid, void **out) override {
    if (iid == IID_IUnknown || iid == IID_IWbemLocator) {
      AddRef();
      *out = this;
      return S_OK;
    }
    *out = nullptr;
    return E_NOINTERFACE;
  }
  HRESULT ConnectServer(BSTR resource, BSTR user, BSTR password, BSTR, int32_t, BSTR, void *, IWbemServices **out) override {
    enterWmi();
    g_connects++;
    std::string ns = lower(narrow(resource));
    {
      std::lock_guard<std::mutex> lock(g_mutex);
      g_lastNamespace = narrow(resource);
      g_lastUser = narrow(user);
      g_lastPasswordSet = password && password[0];
    }
    *out = nullptr;
    size_t slash = ns.find_last_of('\\');
    std::string leaf = slash == std::string::npos ? ns : ns.substr(slash + 1);
    if (leaf == "slow") std::this_thread::sleep_for(std::chrono::milliseconds(option("slow_ms", 2000)));
    if (leaf == "missing") return WBEM_E_INVALID_NAMESPACE;
    if (leaf == "denied") return WBEM_E_ACCESS_DENIED;
    *out = new Services();
    return S_OK;
  }
};

// ---------------------------------------------------------------------------------
// IWbemStatusCodeText

static const GUID CLSID_WbemStatusCodeText = {0xeb87e1bd, 0x3233, 0x11d2, {0xae, 0xc9, 0x00, 0xc0, 0x4f, 0xb6, 0x88, 0x20}};
static const GUID IID_IWbemStatusCodeText = {0xeb87e1bc, 0x3233, 0x11d2, {0xae, 0xc9, 0x00, 0xc0, 0x4f, 0xb6, 0x88, 0x20}};

struct IWbemStatusCodeText : IUnknown {
  virtual HRESULT GetErrorCodeText(HRESULT hr, uint32_t lcid, int32_t flags, BSTR *text) = 0;
  virtual HRESULT GetFacilityCodeText(HRESULT hr, uint32_t lcid, int32_t flags, BSTR *text) = 0;
};

struct StatusText : Counted<IWbemStatusCodeText> {
  HRESULT QueryInterface(const GUID &iid, void **out) override {
    if (iid == IID_IUnknown || iid == IID_IWbemStatusCodeText) {
      AddRef();
      *out = this;
      return S_OK;
    }
    *out = nullptr;
    return E_NOINTERFACE;
  }
  HRESULT GetErrorCodeText(HRESULT hr, uint32_t, int32_t, BSTR *text) override {
    const char *t = nullptr;
    switch ((uint32_t)hr) {
      case 0x80041010: t = "Invalid class "; break;
      case 0x80041002: t = "Not found "; break;
      case 0x8004102E: t = "Invalid method "; break;
      case 0x8004100E: t = "Invalid namespace "; break;
      case 0x80041003: t = "Access denied "; break;
    }
    char buf[64];
    if (!t) snprintf(buf, sizeof buf, "Error code: 0x%08X", (uint32_t)hr);
    *text = bstr(t ? t : buf);
    return S_OK;
  }
  HRESULT GetFacilityCodeText(HRESULT, uint32_t, int32_t, BSTR *text) override {
    *text = bstr("WMI");
    return S_OK;
  }
};

// ---------------------------------------------------------------------------------
// ole32 surface

EXPORT HRESULT CoInitializeEx(void *, uint32_t coinit) {
  int model = (coinit & 2) ? 2 : 1;  // COINIT_APARTMENTTHREADED : COINIT_MULTITHREADED
  if (t_apartment != 0 && t_apartment != model) return (HRESULT)0x80010106;  // RPC_E_CHANGED_MODE
  t_apartment = model;
  g_threadInits++;
  g_comInit++;
  g_comUp = true;
  return g_comInit > 1 ? S_FALSE : S_OK;
}
EXPORT HRESULT CoIncrementMTAUsage(void **cookie) {
  if (!cookie) return E_POINTER;
  g_mtaUsage++;
  g_comUp = true;
  *cookie = (void *)(intptr_t)g_mtaUsage.load();
  return S_OK;
}
EXPORT HRESULT CoDecrementMTAUsage(void *) {
  g_mtaUsage--;
  return S_OK;
}
// Records the calling thread as the JS thread (for the js_thread_calls counter).
EXPORT void double_mark_js_thread() {
  g_jsThread = std::this_thread::get_id();
  g_jsThreadKnown = true;
}
// Resets this thread's apartment (a test playing a host that made the JS thread an STA).
EXPORT void double_reset_thread_apartment() { t_apartment = 0; }
EXPORT void CoUninitialize() {
  if (--g_comInit <= 0) {
    g_comInit = 0;
    g_comUp = false;
  }
}
EXPORT HRESULT CoInitializeSecurity(void *, int32_t, void *, void *, uint32_t, uint32_t, void *, uint32_t, void *) {
  g_securityInit++;
  return g_securityInit > 1 ? (HRESULT)0x80010119 /* RPC_E_TOO_LATE */ : S_OK;
}
EXPORT HRESULT CoCreateInstance(const GUID *clsid, void *outer, uint32_t, const GUID *iid, void **out) {
  if (!g_comUp) return CO_E_NOTINITIALIZED;
  *out = nullptr;
  if (outer) return (HRESULT)0x80040110;  // CLASS_E_NOAGGREGATION
  if (*clsid == CLSID_WbemStatusCodeText) {
    if (!(*iid == IID_IWbemStatusCodeText) && !(*iid == IID_IUnknown)) return E_NOINTERFACE;
    *out = static_cast<IWbemStatusCodeText *>(new StatusText());
    return S_OK;
  }
  if (!(*clsid == CLSID_WbemLocator)) return REGDB_E_CLASSNOTREG;
  if (!(*iid == IID_IWbemLocator) && !(*iid == IID_IUnknown)) return E_NOINTERFACE;
  *out = static_cast<IWbemLocator *>(new Locator());
  return S_OK;
}
EXPORT HRESULT CoSetProxyBlanket(void *proxy, uint32_t, uint32_t, void *, uint32_t, uint32_t, void *, uint32_t) {
  if (!proxy) return E_INVALIDARG;
  g_blankets++;
  return S_OK;
}

// ---------------------------------------------------------------------------------
// Test controls

EXPORT void double_set(const char *name, int64_t value) {
  std::lock_guard<std::mutex> lock(g_mutex);
  g_options[name] = value;
}

EXPORT int64_t double_get(const char *name) {
  std::string n = name;
  if (n == "live_objects") return g_liveObjects;
  if (n == "over_releases") return g_overReleases;
  if (n == "live_bstrs") return g_liveBstrs;
  if (n == "live_arrays") return g_liveArrays;
  if (n == "cancelled_calls") return g_cancelledCalls;
  if (n == "abandoned_enums") return g_abandonedEnums;
  if (n == "polls") return g_polls;
  if (n == "blocking_waits") return g_blockingWaits;
  if (n == "com_init") return g_comInit;
  if (n == "release_after_uninit") return g_releaseAfterUninit;
  if (n == "blankets") return g_blankets;
  if (n == "security_init") return g_securityInit;
  if (n == "async_cancels") return g_asyncCancels;
  if (n == "next_calls") return g_nextCalls;
  if (n == "property_enums") return g_propertyEnums;
  if (n == "connects") return g_connects;
  if (n == "async_running") return g_asyncRunning;
  if (n == "js_thread_calls") return g_jsThreadCalls;
  if (n == "null_in_params") return g_nullInParams;
  if (n == "outside_mta_calls") return g_outsideMtaCalls;
  if (n == "wmi_calls") return g_wmiCalls;
  if (n == "mta_usage") return g_mtaUsage;
  if (n == "last_password_set") {
    std::lock_guard<std::mutex> lock(g_mutex);
    return g_lastPasswordSet ? 1 : 0;
  }
  return -1;
}

// Copies the last ConnectServer namespace and user into `buf` as "namespace|user".
EXPORT void double_last_connect(char *buf, int32_t size) {
  std::lock_guard<std::mutex> lock(g_mutex);
  snprintf(buf, (size_t)size, "%s|%s", g_lastNamespace.c_str(), g_lastUser.c_str());
}

