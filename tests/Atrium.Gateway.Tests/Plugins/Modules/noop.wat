;; Does nothing on request and response headers: the cost of a plugin itself (bench/policies.sh).
(module
  (memory (export "memory") 1)
  (func (export "proxy_abi_version_0_2_1"))
  (func (export "proxy_on_memory_allocate") (param $size i32) (result i32) (i32.const 1024))
  (func (export "proxy_on_context_create") (param $id i32) (param $parent i32))
  (func (export "proxy_on_request_headers") (param $id i32) (param $count i32) (param $eos i32) (result i32) (i32.const 0))
  (func (export "proxy_on_response_headers") (param $id i32) (param $count i32) (param $eos i32) (result i32) (i32.const 0)))
