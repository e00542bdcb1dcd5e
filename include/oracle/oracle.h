// Oracle: phone-number segmentation. Umbrella header; includes the others.
#ifndef ORACLE_ORACLE_H_
#define ORACLE_ORACLE_H_

#include "oracle/batch.h"
#include "oracle/contacts.h"
#include "oracle/engine.h"
#include "oracle/io.h"
#include "oracle/result.h"
#include "oracle/sandbox_sms.h"
#include "oracle/segmentation.h"
#include "oracle/sms.h"
#include "oracle/sms_transport.h"
#include "oracle/status.h"
#include "oracle/version.h"

#endif  // ORACLE_ORACLE_H_
