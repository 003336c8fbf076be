/**
 * The WMI system classes that provider-registration MOFs instantiate or derive from
 * (`instance of __Win32Provider`, `class X : __ExtrinsicEvent`). WMI has them in every
 * namespace; in non-strict mode they are available to resolution, and a system class
 * appears in the resolved model only when something used it. Property lists are the
 * `syntax` blocks of Microsoft's WMI reference pages (facts); keys added as WMI declares them.
 */
export const wmiSystemClassesMof = `
[abstract]
class __SystemClass
{
};

[abstract]
class __Provider : __SystemClass
{
  [key] string Name;
};

class __Win32Provider : __Provider
{
  string   ClientLoadableCLSID;
  string   CLSID;
  sint32   Concurrency;
  string   DefaultMachineName;
  boolean  Enabled;
  string   HostingModel;
  sint32   ImpersonationLevel = 0;
  sint32   InitializationReentrancy;
  datetime InitializationTimeoutInterval;
  boolean  InitializeAsAdminFirst;
  [key] string Name;
  datetime OperationTimeoutInterval;
  boolean  PerLocaleInitialization = FALSE;
  boolean  PerUserInitialization = FALSE;
  boolean  Pure = TRUE;
  string   SecurityDescriptor;
  boolean  SupportsExplicitShutdown;
  boolean  SupportsExtendedStatus;
  boolean  SupportsQuotas;
  boolean  SupportsSendStatus;
  boolean  SupportsShutdown;
  boolean  SupportsThrottling;
  datetime UnloadTimeout;
  uint32   Version;
};

[abstract]
class __ProviderRegistration : __SystemClass
{
  [key] __Provider REF provider;
};

[abstract]
class __ObjectProviderRegistration : __ProviderRegistration
{
  sint32         InteractionType = 0;
  [key] __Provider REF provider;
  string         QuerySupportLevels[];
  boolean        SupportsBatching;
  boolean        SupportsDelete = False;
  boolean        SupportsEnumeration = False;
  boolean        SupportsGet = False;
  boolean        SupportsPut = False;
  boolean        SupportsTransactions;
};

class __InstanceProviderRegistration : __ObjectProviderRegistration
{
  sint32         InteractionType = 0;
  [key] __Provider REF provider;
  string         QuerySupportLevels[];
  boolean        SupportsBatching;
  boolean        SupportsDelete = False;
  boolean        SupportsEnumeration = True;
  boolean        SupportsGet = False;
  boolean        SupportsPut = False;
  boolean        SupportsTransactions;
};

class __MethodProviderRegistration : __ProviderRegistration
{
  [key] __Provider REF provider;
};

class __EventProviderRegistration : __ProviderRegistration
{
  string         EventQueryList[];
  [key] __Provider REF provider;
};

class __EventConsumerProviderRegistration : __ProviderRegistration
{
  string         ConsumerClassNames[];
  [key] __Provider REF provider;
};

class __PropertyProviderRegistration : __ProviderRegistration
{
  [key] __Provider REF provider;
  boolean        SupportsPut = False;
  boolean        SupportsGet = False;
};

class __ClassProviderRegistration : __ObjectProviderRegistration
{
  boolean        SupportsBatching;
  datetime       CacheRefreshInterval;
  sint32         InteractionType = 0;
  [key] __Provider REF provider;
  boolean        PerUserSchema;
  string         QuerySupportLevels[];
  string         ReferencedSetQueries[];
  string         ResultSetQueries[];
  boolean        ReSynchroniseOnNamespaceOpen;
  boolean        SuppportsBatching;
  boolean        SupportsEnumeration = False;
  boolean        SupportsDelete = False;
  boolean        SupportsGet = False;
  boolean        SupportsPut = False;
  boolean        SupportsTransactions;
  string         UnsupportedQueries[];
  uint32         Version;
};

class __Namespace : __SystemClass
{
  [key] string Name;
};

[abstract]
class __IndicationRelated : __SystemClass
{
};

[abstract]
class __Event : __IndicationRelated
{
  uint8  SECURITY_DESCRIPTOR[];
  uint64 TIME_CREATED;
};

class __ExtrinsicEvent : __Event
{
  uint8  SECURITY_DESCRIPTOR[];
  uint64 TIME_CREATED;
};

class __EventFilter : __IndicationRelated
{
  uint8  CreatorSID[] = {1,1,0,0,0,0,0,5,18,0,0,0};
  string EventAccess;
  string EventNamespace;
  [key] string Name;
  string Query;
  string QueryLanguage;
};

[abstract]
class __EventConsumer : __IndicationRelated
{
  uint8  CreatorSID[];
  string MachineName;
  uint32 MaximumQueueSize;
};

class __FilterToConsumerBinding : __IndicationRelated
{
  [key] __EventConsumer REF Consumer;
  uint8               CreatorSID[];
  boolean             DeliverSynchronously = False;
  uint32              DeliveryQoS;
  [key] __EventFilter REF Filter;
  boolean             MaintainSecurityContext = False;
  boolean             SlowDownProviders = False;
};

`;
