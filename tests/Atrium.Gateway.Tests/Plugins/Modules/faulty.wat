;; Misbehaves on request: loops for ever with an x-loop header, traps (unreachable) with x-trap; otherwise goes on.
(module
  (import "env" "proxy_get_header_map_value" (func $get_header (param i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (data (i32.const 16) "x-loop")                ;; 6
  (data (i32.const 32) "x-trap")                ;; 6
  (global $heap (mut i32) (i32.const 4096))
  (func (export "proxy_abi_version_0_2_1"))
  (func (export "proxy_on_memory_allocate") (param $size i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $heap))
    (global.set $heap (i32.add (global.get $heap) (local.get $size)))
    (local.get $p))
  (func (export "proxy_on_context_create") (param $id i32) (param $parent i32)
    (global.set $heap (i32.const 4096)))
  (func (export "proxy_on_request_headers") (param $id i32) (param $count i32) (param $eos i32) (result i32)
    (if (i32.eqz (call $get_header (i32.const 0) (i32.const 16) (i32.const 6) (i32.const 0) (i32.const 4)))
      (then (loop $forever (br $forever))))
    (if (i32.eqz (call $get_header (i32.const 0) (i32.const 32) (i32.const 6) (i32.const 0) (i32.const 4)))
      (then unreachable))
    (i32.const 0)))
