import type { Component } from 'vue'
import {
  Aim,
  Collection,
  Connection,
  DataBoard,
  Document,
  Key,
  MapLocation,
  OfficeBuilding,
  Setting,
  User,
} from '@element-plus/icons-vue'

/** Menu icons by the names used in route meta. */
export const menuIcons: Record<string, Component> = {
  Aim,
  Collection,
  Connection,
  DataBoard,
  Document,
  Key,
  MapLocation,
  OfficeBuilding,
  Setting,
  User,
}
