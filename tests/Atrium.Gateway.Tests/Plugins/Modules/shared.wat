;; Counts requests in shared data ("count", one ASCII digit, written with its CAS) and sends the count upstream.
(module
  (import "env" "proxy_get_shared_data" (func $get_shared (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_set_shared_data" (func $set_shared (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_add_header_map_value" (func $add_header (param i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (data (i32.const 16) "count")                 ;; 5
  (data (i32.const 32) "x-count")               ;; 7
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
    (local $next i32)
    (local $cas i32)
    (local.set $next (i32.const 49))  ;; '1'
    (if (i32.eqz (call $get_shared (i32.const 16) (i32.const 5) (i32.const 0) (i32.const 4) (i32.const 8)))
      (then
        (local.set $next (i32.add (i32.load8_u (i32.load (i32.const 0))) (i32.const 1)))
        (local.set $cas (i32.load (i32.const 8)))))
    (i32.store8 (i32.const 64) (local.get $next))
    (drop (call $set_shared (i32.const 16) (i32.const 5) (i32.const 64) (i32.const 1) (local.get $cas)))
    (drop (call $add_header (i32.const 0) (i32.const 32) (i32.const 7) (i32.const 64) (i32.const 1)))
    (i32.const 0)))
