;; Adds headers both ways: on the request the plugin configuration and the route, method, path and client address
;; properties; on the response a fixed header. Reads its configuration in proxy_on_configure.
(module
  (import "env" "proxy_get_buffer_bytes" (func $get_buffer (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_add_header_map_value" (func $add_header (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_replace_header_map_value" (func $replace_header (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_get_property" (func $get_property (param i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_log" (func $log (param i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (data (i32.const 16) "x-plugin-config")      ;; 15
  (data (i32.const 32) "route_name")           ;; 10
  (data (i32.const 48) "x-route")              ;; 7
  (data (i32.const 64) "request\00method")     ;; 14
  (data (i32.const 80) "x-method")             ;; 8
  (data (i32.const 96) "request\00path")       ;; 12
  (data (i32.const 112) "x-path")              ;; 6
  (data (i32.const 128) "source\00address")    ;; 14
  (data (i32.const 144) "x-source")            ;; 8
  (data (i32.const 160) "x-plugin-response")   ;; 17
  (data (i32.const 192) "added")               ;; 5
  (data (i32.const 208) "configured")          ;; 10
  (global $base (mut i32) (i32.const 4096))
  (global $heap (mut i32) (i32.const 4096))
  (global $config_ptr (mut i32) (i32.const 0))
  (global $config_len (mut i32) (i32.const 0))
  (func (export "proxy_abi_version_0_2_1"))
  (func (export "proxy_on_memory_allocate") (param $size i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $heap))
    (global.set $heap (i32.add (global.get $heap) (local.get $size)))
    (local.get $p))
  (func (export "proxy_on_context_create") (param $id i32) (param $parent i32)
    (global.set $heap (global.get $base)))
  (func (export "proxy_on_configure") (param $root i32) (param $size i32) (result i32)
    (drop (call $get_buffer (i32.const 7) (i32.const 0) (local.get $size) (i32.const 0) (i32.const 4)))
    (global.set $config_ptr (i32.load (i32.const 0)))
    (global.set $config_len (i32.load (i32.const 4)))
    ;; Keep the configuration: requests allocate after it.
    (global.set $base (global.get $heap))
    (drop (call $log (i32.const 2) (i32.const 208) (i32.const 10)))
    (i32.const 1))
  (func $copy_property (param $path i32) (param $path_len i32) (param $name i32) (param $name_len i32)
    (if (i32.eqz (call $get_property (local.get $path) (local.get $path_len) (i32.const 0) (i32.const 4)))
      (then (drop (call $add_header (i32.const 0) (local.get $name) (local.get $name_len) (i32.load (i32.const 0)) (i32.load (i32.const 4)))))))
  (func (export "proxy_on_request_headers") (param $id i32) (param $count i32) (param $eos i32) (result i32)
    (drop (call $add_header (i32.const 0) (i32.const 16) (i32.const 15) (global.get $config_ptr) (global.get $config_len)))
    (call $copy_property (i32.const 32) (i32.const 10) (i32.const 48) (i32.const 7))
    (call $copy_property (i32.const 64) (i32.const 14) (i32.const 80) (i32.const 8))
    (call $copy_property (i32.const 96) (i32.const 12) (i32.const 112) (i32.const 6))
    (call $copy_property (i32.const 128) (i32.const 14) (i32.const 144) (i32.const 8))
    (i32.const 0))
  (func (export "proxy_on_response_headers") (param $id i32) (param $count i32) (param $eos i32) (result i32)
    (drop (call $replace_header (i32.const 2) (i32.const 160) (i32.const 17) (i32.const 192) (i32.const 5)))
    (i32.const 0)))
