/*
 * Provider of WMIGEN_BenchRow (WMIGEN_BenchRow.mof) for the WS-Management bench: an
 * enumeration gives WMIGEN_BENCH_ROWS instances computed from their Id, so the bench
 * measures the server and the client, not a data store. Built against OMI at bench time
 * (scripts/omi-bench-provider.mjs) with the header and glue omigen generates.
 */
#include <MI.h>
#include "WMIGEN_BenchRow.h"

#define WMIGEN_BENCH_ROWS 20000

void MI_CALL WMIGEN_BenchRow_Load(WMIGEN_BenchRow_Self** self, MI_Module_Self* selfModule, MI_Context* context)
{
    *self = NULL;
    MI_Context_PostResult(context, MI_RESULT_OK);
}

void MI_CALL WMIGEN_BenchRow_Unload(WMIGEN_BenchRow_Self* self, MI_Context* context)
{
    MI_Context_PostResult(context, MI_RESULT_OK);
}

static MI_Result PostRow(MI_Context* context, MI_Uint32 id)
{
    WMIGEN_BenchRow row;
    MI_Char name[32];
    MI_Datetime stamp;
    MI_Result r;
    int i = 0;
    MI_Uint32 n = id;
    /* "row-<id>" without printf's locale and width handling. */
    char digits[12];
    int d = 0;
    do { digits[d++] = (char)('0' + n % 10); n /= 10; } while (n > 0);
    name[i++] = 'r'; name[i++] = 'o'; name[i++] = 'w'; name[i++] = '-';
    while (d > 0) name[i++] = digits[--d];
    name[i] = 0;

    memset(&stamp, 0, sizeof(stamp));
    stamp.isTimestamp = 1;
    stamp.u.timestamp.year = 2024;
    stamp.u.timestamp.month = 1 + id % 12;
    stamp.u.timestamp.day = 1 + id % 28;
    stamp.u.timestamp.hour = id % 24;
    stamp.u.timestamp.minute = id % 60;
    stamp.u.timestamp.second = id % 60;
    stamp.u.timestamp.microseconds = id;
    stamp.u.timestamp.utc = 0;

    r = WMIGEN_BenchRow_Construct(&row, context);
    if (r != MI_RESULT_OK) return r;
    WMIGEN_BenchRow_Set_Id(&row, id);
    WMIGEN_BenchRow_Set_Name(&row, name);
    WMIGEN_BenchRow_Set_Big(&row, 9223372036854775808ULL + id);
    WMIGEN_BenchRow_Set_Delta(&row, -(MI_Sint32)id);
    WMIGEN_BenchRow_Set_Ratio(&row, id / 7.0);
    WMIGEN_BenchRow_Set_Even(&row, id % 2 == 0);
    WMIGEN_BenchRow_Set_Stamp(&row, stamp);
    r = WMIGEN_BenchRow_Post(&row, context);
    WMIGEN_BenchRow_Destruct(&row);
    return r;
}

void MI_CALL WMIGEN_BenchRow_EnumerateInstances(
    WMIGEN_BenchRow_Self* self,
    MI_Context* context,
    const MI_Char* nameSpace,
    const MI_Char* className,
    const MI_PropertySet* propertySet,
    MI_Boolean keysOnly,
    const MI_Filter* filter)
{
    MI_Uint32 id;
    for (id = 1; id <= WMIGEN_BENCH_ROWS; id++)
    {
        MI_Result r = PostRow(context, id);
        if (r != MI_RESULT_OK)
        {
            MI_Context_PostResult(context, r);
            return;
        }
    }
    MI_Context_PostResult(context, MI_RESULT_OK);
}

void MI_CALL WMIGEN_BenchRow_GetInstance(
    WMIGEN_BenchRow_Self* self,
    MI_Context* context,
    const MI_Char* nameSpace,
    const MI_Char* className,
    const WMIGEN_BenchRow* instanceName,
    const MI_PropertySet* propertySet)
{
    if (!instanceName->Id.exists || instanceName->Id.value < 1 || instanceName->Id.value > WMIGEN_BENCH_ROWS)
    {
        MI_Context_PostResult(context, MI_RESULT_NOT_FOUND);
        return;
    }
    MI_Context_PostResult(context, PostRow(context, instanceName->Id.value));
}

void MI_CALL WMIGEN_BenchRow_CreateInstance(
    WMIGEN_BenchRow_Self* self,
    MI_Context* context,
    const MI_Char* nameSpace,
    const MI_Char* className,
    const WMIGEN_BenchRow* newInstance)
{
    MI_Context_PostResult(context, MI_RESULT_NOT_SUPPORTED);
}

void MI_CALL WMIGEN_BenchRow_ModifyInstance(
    WMIGEN_BenchRow_Self* self,
    MI_Context* context,
    const MI_Char* nameSpace,
    const MI_Char* className,
    const WMIGEN_BenchRow* modifiedInstance,
    const MI_PropertySet* propertySet)
{
    MI_Context_PostResult(context, MI_RESULT_NOT_SUPPORTED);
}

void MI_CALL WMIGEN_BenchRow_DeleteInstance(
    WMIGEN_BenchRow_Self* self,
    MI_Context* context,
    const MI_Char* nameSpace,
    const MI_Char* className,
    const WMIGEN_BenchRow* instanceName)
{
    MI_Context_PostResult(context, MI_RESULT_NOT_SUPPORTED);
}
