#include "cagoraposix.h"
