// SMS in the compiled module: encoding analysis, templates, and the
// transports (the sandbox, the Orange SMS API, and transports written in
// Python), for the facade in oracle/_sms.py.
//
// Values cross the boundary as plain tuples and dicts; the facade turns them
// into its immutable classes (SmsAnalysis, SmsMessage, SendResult,
// DeliveryReceipt). A message is the tuple
//   (to, text, sender_address, sender_name, client_ref)
// and a send result the tuple
//   (outcome, provider_message_id, error_code, error_message, http_status,
//    request_id, attempts, retry_after_ms, client_ref)
// with `outcome` one of "ACCEPTED", "REJECTED", "RETRY_LATER", "UNKNOWN".
//
// Every transport is a _Transport (TransportObject): it owns a shared
// oracle::SmsTransport, which the history module's dispatcher uses. A
// transport written in Python is adapted by _PythonTransport: the C++ side
// calls the Python object's `_oracle_send` (and `_oracle_send_batch`) with
// the GIL acquired; a Python exception becomes an UNKNOWN outcome with error
// code "PYTHON_EXCEPTION" (the message may have left before the exception:
// it must never be resent automatically).
//
// Thread safety: transports are thread-safe; their send methods release the
// GIL. Functions here need the GIL unless stated.
#ifndef ORACLE_BINDINGS_PYTHON_SRC_SMS_H_
#define ORACLE_BINDINGS_PYTHON_SRC_SMS_H_

#include <pybind11/pybind11.h>

#include <memory>

#include "oracle/sms_transport.h"

namespace oracle::python {

namespace py = pybind11;

// A Python-visible transport: owns (shares) the C++ transport.
class TransportObject {
 public:
  explicit TransportObject(std::shared_ptr<SmsTransport> transport);
  virtual ~TransportObject();
  TransportObject(const TransportObject&) = delete;
  TransportObject& operator=(const TransportObject&) = delete;

  const std::shared_ptr<SmsTransport>& transport() const { return transport_; }

 private:
  std::shared_ptr<SmsTransport> transport_;
};

// SendResult <-> the tuple described above.
py::tuple SendResultToTuple(const SendResult& result);
SendResult SendResultFromTuple(py::handle tuple);
// DeliveryReceipt <-> (provider_message_id, address, status, raw_status,
// received_at_unix_ms), status as DeliveryStatusName().
py::tuple ReceiptToTuple(const DeliveryReceipt& receipt);
DeliveryReceipt ReceiptFromTuple(py::handle tuple);
py::tuple MessageToTuple(const SmsMessage& message);

// Registers _analyze_sms, _SmsTemplate, OrangeOptions, the transports and
// parse_orange_delivery_receipt in `m`.
void RegisterSms(py::module_& m);

}  // namespace oracle::python

#endif  // ORACLE_BINDINGS_PYTHON_SRC_SMS_H_
