;; Answers 403 with a plain-text body itself for any path under /r/admin; lets everything else through.
(module
  (import "env" "proxy_get_header_map_value" (func $get_header (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_send_local_response" (func $send (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (data (i32.const 16) ":path")                 ;; 5
  (data (i32.const 32) "/r/admin")              ;; 8
  (data (i32.const 48) "denied by plugin")      ;; 16
  ;; One header: content-type: text/plain, in proxy-wasm's map encoding.
  (data (i32.const 80) "\01\00\00\00\0c\00\00\00\0a\00\00\00content-type\00text/plain\00")  ;; 37
  (global $heap (mut i32) (i32.const 4096))
  (func (export "proxy_abi_version_0_2_1"))
  (func (export "proxy_on_memory_allocate") (param $size i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $heap))
    (global.set $heap (i32.add (global.get $heap) (local.get $size)))
    (local.get $p))
  (func (export "proxy_on_context_create") (param $id i32) (param $parent i32)
    (global.set $heap (i32.const 4096)))
  (func $starts_with (param $p i32) (param $len i32) (param $prefix i32) (param $prefix_len i32) (result i32)
    (local $i i32)
    (if (i32.lt_u (local.get $len) (local.get $prefix_len)) (then (return (i32.const 0))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $prefix_len)))
        (if (i32.ne (i32.load8_u (i32.add (local.get $p) (local.get $i))) (i32.load8_u (i32.add (local.get $prefix) (local.get $i))))
          (then (return (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.const 1))
  (func (export "proxy_on_request_headers") (param $id i32) (param $count i32) (param $eos i32) (result i32)
    (drop (call $get_header (i32.const 0) (i32.const 16) (i32.const 5) (i32.const 0) (i32.const 4)))
    (if (call $starts_with (i32.load (i32.const 0)) (i32.load (i32.const 4)) (i32.const 32) (i32.const 8))
      (then
        (drop (call $send (i32.const 403) (i32.const 0) (i32.const 0) (i32.const 48) (i32.const 16) (i32.const 80) (i32.const 37) (i32.const -1)))
        (return (i32.const 1))))
    (i32.const 0)))
