;; Rewrites bodies: the request body is replaced whole, the response body gets a prefix.
(module
  (import "env" "proxy_set_buffer_bytes" (func $set_buffer (param i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (data (i32.const 16) "rewritten by plugin")   ;; 19
  (data (i32.const 48) "<<")                    ;; 2
  (global $heap (mut i32) (i32.const 4096))
  (func (export "proxy_abi_version_0_2_1"))
  (func (export "proxy_on_memory_allocate") (param $size i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $heap))
    (global.set $heap (i32.add (global.get $heap) (local.get $size)))
    (local.get $p))
  (func (export "proxy_on_context_create") (param $id i32) (param $parent i32)
    (global.set $heap (i32.const 4096)))
  (func (export "proxy_on_request_body") (param $id i32) (param $size i32) (param $eos i32) (result i32)
    (drop (call $set_buffer (i32.const 0) (i32.const 0) (local.get $size) (i32.const 16) (i32.const 19)))
    (i32.const 0))
  (func (export "proxy_on_response_body") (param $id i32) (param $size i32) (param $eos i32) (result i32)
    (drop (call $set_buffer (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 48) (i32.const 2)))
    (i32.const 0)))
