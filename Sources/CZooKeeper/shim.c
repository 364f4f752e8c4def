#include "czookeeper.h"

static struct ACL everyone_read_creator_all_entries[] = {
    {.perms = 1 /* ZOO_PERM_READ */, .id = {.scheme = (char *)"world", .id = (char *)"anyone"}},
    {.perms = 0x1f /* ZOO_PERM_ALL */, .id = {.scheme = (char *)"auth", .id = (char *)""}},
};

static struct ACL_vector everyone_read_creator_all = {.count = 2, .data = everyone_read_creator_all_entries};

struct ACL_vector *czk_everyone_read_creator_all(void) { return &everyone_read_creator_all; }
